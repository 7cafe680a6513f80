import * as grpc from '@grpc/grpc-js';
import { startCall } from '../call/engine';
import { explainCallFailure } from '../call/failure';
import type { Connection } from '../connection';
import { InputError } from '../errors';
import { fromGrpcMetadata, toGrpcMetadata, type MetadataEntries } from '../metadata';
import { requestStreams, type MethodInfo } from '../schema/types';
import type { Chainer } from './chain';
import type { LoadCall, LoadCallResult } from './load-loop';

/** What every call of a run shares. */
export interface CallSetup {
  readonly conn: Connection;
  readonly method: MethodInfo;
  /** The encoded request (the first one, when chained). */
  readonly request: Uint8Array;
  readonly metadata?: MetadataEntries;
  readonly deadlineMs?: number;
  readonly chain?: Chainer;
  /** Keep the last reply even without a chain (to show where a run ended). */
  readonly keepLastReply?: boolean;
}

const sendsAtStart = (m: MethodInfo) => !requestStreams(m);

/**
 * One call per ticket: unary methods straight through grpc-js's unary path
 * (see unaryCalls), the others through the call engine.
 */
export function callPerRequest(s: CallSetup): LoadCall {
  return s.method.kind === 'unary' ? unaryCalls(s) : engineCalls(s);
}

const identity = (b: Buffer) => b;
const asBuffer = (b: Uint8Array): Buffer =>
  Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);

/**
 * Unary calls on grpc-js's own unary path, on bytes. The runner needs only a
 * status and, to chain, the reply; the engine's per-call recording and its
 * streaming call path (which it uses to stamp a reply's arrival) cost ~10 % of
 * a ~400 µs loopback round trip, which the runner would report as the server's.
 * Failures are explained as the engine explains them.
 */
function unaryCalls(s: CallSetup): LoadCall {
  let metadata: grpc.Metadata;
  try {
    metadata = toGrpcMetadata(s.metadata);
  } catch (e) {
    throw new InputError('metadata', `${(e as Error).message} — keys are lowercase letters, digits, '-', '_' and '.'`);
  }
  const keepReply = Boolean(s.chain) || Boolean(s.keepLastReply);
  return (_worker, previous, signal) =>
    new Promise<LoadCallResult>((resolve) => {
      const last = previous?.responses[0];
      const request = s.chain && previous?.code === 0 && last ? s.chain(last) : s.request;
      const options: grpc.CallOptions = s.deadlineMs !== undefined ? { deadline: Date.now() + s.deadlineMs } : {};
      let headers = false;
      const onAbort = () => call.cancel();
      const call = s.conn.client.makeUnaryRequest(
        s.method.path,
        identity,
        identity,
        asBuffer(request),
        metadata.clone(),
        options,
        (err, reply?: Buffer) => {
          signal.removeEventListener('abort', onAbort);
          if (!err) return resolve({ code: 0, responses: keepReply && reply ? [reply] : [] });
          const trailers = fromGrpcMetadata(err.metadata);
          const status = { code: err.code, details: err.details, trailers };
          const context = {
            conn: s.conn.options,
            method: s.method,
            cancelledByUser: signal.aborted,
            headersReceived: headers,
            sent: 1,
            received: 0,
          };
          const error = explainCallFailure(
            status,
            s.deadlineMs !== undefined ? { ...context, deadlineMs: s.deadlineMs } : context,
          );
          resolve({ code: err.code, message: error.message, responses: [] });
        },
      );
      call.on('metadata', () => (headers = true));
      signal.addEventListener('abort', onAbort, { once: true });
    });
}

/**
 * One call per ticket through the call engine, timing only (payloads are not
 * kept), with the method's single request; client and bidi streams get that
 * message and a half-close. Replies are collected only when chaining needs them.
 */
function engineCalls(s: CallSetup): LoadCall {
  const wantReplies = Boolean(s.chain) || Boolean(s.keepLastReply);
  return async (_worker, previous, signal): Promise<LoadCallResult> => {
    const last = previous?.responses[previous.responses.length - 1];
    const request = s.chain && previous?.code === 0 && last ? s.chain(last) : s.request;
    const responses: Uint8Array[] = [];
    const call = startCall(s.conn, s.method, {
      keepPayloads: false,
      signal,
      ...(s.metadata ? { metadata: s.metadata } : {}),
      ...(s.deadlineMs !== undefined ? { deadlineMs: s.deadlineMs } : {}),
      ...(wantReplies ? { onMessage: (b: Uint8Array) => void responses.push(b) } : {}),
      ...(sendsAtStart(s.method) ? { request } : {}),
    });
    if (!sendsAtStart(s.method)) {
      await call.sendAsync(request);
      call.end();
    }
    const outcome = await call.done;
    return { code: outcome.code, responses, ...(outcome.error ? { message: outcome.error.message } : {}) };
  };
}
