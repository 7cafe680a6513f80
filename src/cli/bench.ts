import { parse as parseLossless, stringify as stringifyLossless } from 'lossless-json';
import type { Connection } from '../core/connection';
import { startCall } from '../core/call/engine';
import { InputError } from '../core/errors';
import { codecFor } from '../core/json/codec';
import type { MessageCodec } from '../core/json/types';
import type { MethodInfo, Schema } from '../core/schema/types';
import type { BenchArgs } from './args';
import { runBench, type BenchCall, type BenchCallResult, type BenchResult } from './bench-runner';
import { encodeInline, singleRequest } from './requests';

/**
 * `grpc-explorer bench`: the same request (or, with --chain, the previous
 * answer's field fed back) sent over one channel by `-c` workers. Every
 * request is validated before the first call, so a typo fails fast.
 */
export async function runBenchCommand(args: BenchArgs, conn: Connection, schema: Schema, method: MethodInfo): Promise<BenchResult> {
  const reqCodec = codecFor(schema.root, method.requestType);
  const requests = encodeInline(reqCodec, method, args.data);
  const chain = args.chain ? chainer(args, reqCodec, codecFor(schema.root, method.responseType), method) : undefined;
  const call: BenchCall = async (_worker, previous) => {
    const messages = chain && previous?.code === 0 ? [chain(previous)] : requests;
    return callOnce(conn, method, messages, args, Boolean(chain));
  };
  return runBench(
    {
      concurrency: args.concurrency,
      ...(args.total !== undefined ? { total: args.total } : {}),
      ...(args.durationMs !== undefined ? { durationMs: args.durationMs } : {}),
      ...(args.rate !== undefined ? { rate: args.rate } : {}),
    },
    call,
  );
}

async function callOnce(
  conn: Connection,
  method: MethodInfo,
  messages: readonly Uint8Array[],
  args: BenchArgs,
  keepResponses: boolean,
): Promise<BenchCallResult> {
  const responses: Uint8Array[] = [];
  const active = startCall(conn, method, {
    metadata: args.headers,
    keepPayloads: false,
    ...(keepResponses ? { onMessage: (b: Uint8Array) => void responses.push(b) } : {}),
    ...(args.deadlineMs !== undefined ? { deadlineMs: args.deadlineMs } : {}),
    ...(singleRequest(method) ? { request: messages[0]! } : {}),
  });
  if (!singleRequest(method)) {
    for (const m of messages) if (!(await active.sendAsync(m))) break;
    active.end();
  }
  const outcome = await active.done;
  return { code: outcome.code, responses, ...(outcome.error ? { message: outcome.error.message } : {}) };
}

/**
 * `--chain '$.a.b'`: the request template with field a.b replaced by the
 * same field of the previous call's last response. Numbers are kept exact
 * (int64 travel as strings, and the template is parsed losslessly).
 */
function chainer(args: BenchArgs, reqCodec: MessageCodec, resCodec: MessageCodec, method: MethodInfo) {
  const path = args.chain!.slice(2).split('.');
  const template = parseLossless(args.data) as Record<string, unknown>;
  if (!singleRequest(method)) throw new InputError(args.chain!, '--chain works with unary and server-streaming methods only');
  return (previous: BenchCallResult): Uint8Array => {
    const last = previous.responses[previous.responses.length - 1];
    if (!last) throw new InputError(args.chain!, 'the previous call returned no message to chain from');
    const value = getPath(resCodec.decode(last, { emitDefaults: true }), path);
    if (value === undefined) throw new InputError(args.chain!, `the response has no field ${args.chain}`);
    return reqCodec.encodeJson(stringifyLossless(setPath(template, path, value))!);
  };
}

function getPath(obj: unknown, path: readonly string[]): unknown {
  let cur = obj;
  for (const k of path) cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[k] : undefined;
  return cur;
}

/** A copy of `obj` with the field at `path` set, creating objects on the way. */
function setPath(obj: Record<string, unknown>, path: readonly string[], value: unknown): Record<string, unknown> {
  const [head, ...rest] = path;
  if (head === undefined) return obj;
  const child = obj[head];
  const next = rest.length === 0 ? value : setPath(child && typeof child === 'object' ? (child as Record<string, unknown>) : {}, rest, value);
  return { ...obj, [head]: next };
}
