import { startCall } from '../call/engine';
import type { Connection } from '../connection';
import type { MetadataEntries } from '../metadata';
import type { MethodInfo } from '../schema/types';
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

const sendsAtStart = (m: MethodInfo) => m.kind === 'unary' || m.kind === 'server-streaming';

/**
 * One call per ticket through the call engine, timing only (payloads are not
 * kept), with the method's single request; client and bidi streams get that
 * message and a half-close. Replies are collected only when chaining needs them.
 */
export function callPerRequest(s: CallSetup): LoadCall {
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
