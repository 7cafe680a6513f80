/**
 * The latency runner: a unary method (or one request of any method) called
 * N times sequentially, C at a time or at a rate, for a count or a duration,
 * optionally chained; or N messages over a bidi stream, pipelined or in
 * lock-step. Every mode returns the same RunResult, so runs compare side by side.
 */
import type { Connection } from '../connection';
import { DEFAULT_MAX_MESSAGE_BYTES } from '../connection-types';
import { InputError } from '../errors';
import { codecFor } from '../json/codec';
import type { MessageCodec } from '../json/types';
import type { MetadataEntries } from '../metadata';
import type { MethodInfo, Schema, SchemaSource } from '../schema/types';
import { callPerRequest, type CallSetup } from './call-modes';
import { makeChainer } from './chain';
import { checkPlan, runLoad, type LoadCallResult, type LoadOptions } from './load-loop';
import { lockstepCalls } from './lockstep';
import { runPipelined } from './pipelined';
import type { LoadPlan, LoadSpec, RunMode, RunResult } from './types';

export { runLoad, checkPlan, type LoadCall, type LoadCallResult, type LoadOptions } from './load-loop';
export type { LoadPlan, LoadSpec, RunMode, RunResult, RunProgress, RunLatency, RunSamples } from './types';

/** A run of one method: what to call, with what, how. */
export interface MethodLoadOptions extends Omit<LoadOptions, 'mode'> {
  readonly conn: Connection;
  readonly schema: Schema;
  readonly method: MethodInfo;
  /** The request as JSON text (proto3 JSON; int64 as strings keep every digit). */
  readonly request: string;
  readonly plan: LoadPlan;
  /** Default 'calls'. The stream modes need a bidi method. */
  readonly mode?: RunMode;
  /** Feed this field of each reply into the same field of the next request (`$.value`); not in pipelined mode. */
  readonly chain?: string;
  readonly metadata?: MetadataEntries;
  readonly deadlineMs?: number;
  /** Where the schema came from, so the exported ghz/k6 load can find it too. Reflection when absent. */
  readonly schemaSource?: SchemaSource;
}

/**
 * Runs a load against one method and returns its RunResult (with `load`, the
 * description ghz/k6 exports need). Every request is encoded before the first
 * call, so a typo fails fast with an InputError naming the JSON path.
 */
export async function runMethodLoad(o: MethodLoadOptions): Promise<RunResult> {
  const mode = o.mode ?? 'calls';
  checkPlan(o.plan);
  checkMode(o.method, mode, o.chain);
  const reqCodec = codecFor(o.schema.root, o.method.requestType);
  const resCodec = codecFor(o.schema.root, o.method.responseType);
  // Over the send limit: refused before it is built, as a call's request is, rather than N calls refused by grpc-js.
  const request = reqCodec.encodeJson(o.request, { maxBytes: o.conn.options.maxSendMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES });
  const setup: CallSetup = {
    conn: o.conn,
    method: o.method,
    request,
    keepLastReply: true,
    ...(o.chain
      ? { chain: makeChainer(o.chain, o.request, o.schema.root, o.method.requestType, o.method.responseType) }
      : {}),
    ...(o.metadata ? { metadata: o.metadata } : {}),
    ...(o.deadlineMs !== undefined ? { deadlineMs: o.deadlineMs } : {}),
  };
  const options: LoadOptions = { ...o, mode };
  const { result, last } = await runMode(mode, setup, o.plan, options);
  const lastResponse = last ? decodeQuietly(resCodec, last) : undefined;
  return { ...result, load: loadSpec(o, mode), ...(lastResponse !== undefined ? { lastResponse } : {}) };
}

type Ran = { result: RunResult; last?: Uint8Array };

async function runMode(mode: RunMode, setup: CallSetup, plan: LoadPlan, options: LoadOptions): Promise<Ran> {
  if (mode === 'stream-pipelined') return { result: await runPipelined(setup, plan, options) };
  let last: Uint8Array | undefined;
  const keepLast = async (r: Promise<LoadCallResult>) => {
    const done = await r;
    last = done.responses[done.responses.length - 1] ?? last;
    return done;
  };
  if (mode === 'stream-lockstep') {
    const streams = lockstepCalls(setup);
    try {
      const result = await runLoad(plan, (w, p, sig) => keepLast(streams.call(w, p, sig)), options);
      return { result, ...(last ? { last } : {}) };
    } finally {
      await streams.close();
    }
  }
  const call = callPerRequest(setup);
  const result = await runLoad(plan, (w, p, sig) => keepLast(call(w, p, sig)), options);
  return { result, ...(last ? { last } : {}) };
}

/** The last reply as JSON, or undefined when the schema cannot read it (not worth failing a finished run for). */
function decodeQuietly(codec: MessageCodec, bytes: Uint8Array): unknown {
  try {
    return codec.decode(bytes, { emitDefaults: true });
  } catch {
    return undefined;
  }
}

function checkMode(method: MethodInfo, mode: RunMode, chain: string | undefined): void {
  if (mode !== 'calls' && method.kind !== 'bidi-streaming') {
    throw new InputError(
      'mode',
      `${mode} sends many messages over one bidi stream; ${method.fullName} is ${method.kind} — use mode 'calls'`,
    );
  }
  if (mode === 'stream-pipelined' && chain) {
    throw new InputError(
      chain,
      "a pipelined stream writes every request before replies arrive, so nothing can be chained; use 'stream-lockstep'",
    );
  }
}

function loadSpec(o: MethodLoadOptions, mode: RunMode): LoadSpec {
  return {
    connection: { address: o.conn.options.address, transport: o.conn.options.transport },
    method: o.method.fullName,
    methodKind: o.method.kind,
    request: o.request,
    mode,
    plan: o.plan,
    ...(o.metadata?.length ? { metadata: o.metadata } : {}),
    ...(o.deadlineMs !== undefined ? { deadlineMs: o.deadlineMs } : {}),
    ...(o.chain ? { chain: o.chain } : {}),
    ...(o.schemaSource ? { schema: o.schemaSource } : {}),
  };
}
