/**
 * Asks a batch of reflection questions on one ServerReflectionInfo stream.
 * Requests are pipelined (servers answer in order), and the stream carries a
 * real gRPC deadline, so a server that never answers ends in DEADLINE_EXCEEDED
 * from grpc-js itself rather than a hang.
 */
import * as grpc from '@grpc/grpc-js';
import { GrpcError, Status } from '../errors';
import { toGrpcMetadata, type MetadataEntries } from '../metadata';
import type { ReflectionVersion } from './types';
import { decodeResponse, encodeRequest, reflectionPath, type ReflectionRequest, type ReflectionResponse } from './reflection-proto';

/** Per-discovery settings every reflection stream shares. */
export interface StreamSettings {
  client: grpc.Client;
  version: ReflectionVersion;
  metadata?: MetadataEntries;
  deadlineMs: number;
  signal?: AbortSignal;
}

const identity = (b: Buffer) => b;

/**
 * Sends `requests` on one stream and resolves with one response per request,
 * in order. Rejects with the stream's status error (a grpc-js ServiceError,
 * for the caller to explain), or a GrpcError when the server ends early or the
 * signal aborts.
 */
export function ask(s: StreamSettings, requests: readonly ReflectionRequest[]): Promise<ReflectionResponse[]> {
  if (requests.length === 0) return Promise.resolve([]);
  return new Promise((resolve, reject) => {
    const call = s.client.makeBidiStreamRequest(reflectionPath(s.version), identity, identity, toGrpcMetadata(s.metadata), {
      deadline: Date.now() + s.deadlineMs,
    });
    const answers: ReflectionResponse[] = [];
    let settled = false;
    const finish = (err?: unknown) => {
      if (settled) return;
      settled = true;
      s.signal?.removeEventListener('abort', onAbort);
      if (err) {
        call.cancel();
        reject(err);
      } else resolve(answers);
    };
    const onAbort = () => finish(new GrpcError(Status.CANCELLED, 'reflection cancelled'));
    s.signal?.addEventListener('abort', onAbort);
    if (s.signal?.aborted) return onAbort();
    call.on('data', (bytes: Buffer) => {
      try {
        answers.push(decodeResponse(bytes));
      } catch (e) {
        return finish(new GrpcError(Status.INTERNAL, `undecodable reflection response: ${(e as Error).message}`));
      }
      if (answers.length === requests.length) finish();
    });
    // 'error' is always followed by nothing else; without a listener it would kill the process.
    call.on('error', (err) => finish(err));
    call.on('status', (st: grpc.StatusObject) => {
      if (st.code === Status.OK && answers.length < requests.length) {
        finish(new GrpcError(Status.INTERNAL, `reflection stream ended after ${answers.length} of ${requests.length} answers`));
      }
    });
    for (const r of requests) call.write(encodeRequest(r));
    call.end();
  });
}
