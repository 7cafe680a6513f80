import * as grpc from '@grpc/grpc-js';
import { constants as h2, type ServerHttp2Stream } from 'node:http2';
import type { Writable } from 'node:stream';
import { cancelSignal, metadataFromRecord, sleep, statusError, writeWithBackpressure } from '../call-control';

interface FaultRequest {
  code: keyof typeof grpc.status | number;
  message: string;
  afterMessages: number;
  delayMs: number;
  abortMidStream: boolean;
  abortConnection: boolean;
  responseHeaders: Record<string, string>;
  responseTrailers: Record<string, string>;
}

/** The numeric status for the request's code (enum name or number). */
function codeOf(req: FaultRequest): number {
  return typeof req.code === 'number' ? req.code : grpc.status[req.code];
}

function detailsOf(req: FaultRequest, method: string): string {
  return req.message || `${grpc.status[codeOf(req)] ?? codeOf(req)} requested by Faults.${method}`;
}

/**
 * The HTTP/2 stream under a grpc-js server call. grpc-js has no public way to
 * end a call without a status, which is the point of abort_*; its call objects
 * keep the stream at .call(.nextCall…).stream. Fails loudly if that changes.
 */
function http2StreamOf(call: object): ServerHttp2Stream {
  let link: any = (call as any).call;
  for (let i = 0; link && i < 10; i++, link = link.nextCall) {
    if (link.stream && typeof link.stream.close === 'function') return link.stream as ServerHttp2Stream;
  }
  throw new Error(
    'cannot reach the HTTP/2 stream of this call; grpc-js internals changed (see sample-server/services/faults.ts)',
  );
}

/** Ends the call abruptly: RST_STREAM for this call, or the whole connection dropped. */
function abort(call: object, req: FaultRequest): void {
  const stream = http2StreamOf(call);
  if (req.abortConnection) stream.session?.destroy();
  else stream.close(h2.NGHTTP2_INTERNAL_ERROR);
}

/** Sends the requested response headers; bad header names become INVALID_ARGUMENT. */
function sendHeaders(call: { sendMetadata(md: grpc.Metadata): void }, req: FaultRequest): void {
  if (Object.keys(req.responseHeaders).length > 0) call.sendMetadata(metadataFromRecord(req.responseHeaders));
}

function badMetadata(e: unknown): grpc.ServerErrorResponse {
  return statusError(grpc.status.INVALID_ARGUMENT, `response_headers/response_trailers: ${(e as Error).message}`);
}

/** Waits until grpc-js has handed every written message to HTTP/2, so an abort comes after them. */
async function flushed(stream: Writable, signal: AbortSignal): Promise<boolean> {
  while (stream.writableLength > 0 && !signal.aborted) await new Promise((r) => setImmediate(r));
  await new Promise((r) => setImmediate(r));
  return !signal.aborted;
}

/** Faults: any status, after N messages and delays, with custom headers/trailers, or an abrupt end. */
export const faultsService: grpc.UntypedServiceImplementation = {
  async FailUnary(call: grpc.ServerUnaryCall<FaultRequest, unknown>, callback: grpc.sendUnaryData<unknown>) {
    const req = call.request;
    let trailers: grpc.Metadata;
    try {
      sendHeaders(call, req);
      trailers = metadataFromRecord(req.responseTrailers);
    } catch (e) {
      return callback(badMetadata(e));
    }
    if (!(await sleep(req.delayMs, cancelSignal(call)))) return;
    if (req.abortMidStream || req.abortConnection) return abort(call, req);
    const code = codeOf(req);
    if (code === grpc.status.OK) return callback(null, { seq: 1, text: detailsOf(req, 'FailUnary') }, trailers);
    callback(statusError(code, detailsOf(req, 'FailUnary'), trailers));
  },

  async FailStream(call: grpc.ServerWritableStream<FaultRequest, unknown>) {
    const req = call.request;
    const signal = cancelSignal(call);
    let trailers: grpc.Metadata;
    try {
      sendHeaders(call, req);
      trailers = metadataFromRecord(req.responseTrailers);
    } catch (e) {
      call.emit('error', badMetadata(e));
      return;
    }
    for (let seq = 1; seq <= req.afterMessages; seq++) {
      if (!(await sleep(req.delayMs, signal))) return;
      if (
        !(await writeWithBackpressure(
          call as Writable,
          { seq, text: `message ${seq} of ${req.afterMessages}` },
          signal,
        ))
      )
        return;
    }
    if (!(await sleep(req.delayMs, signal))) return;
    if (req.abortMidStream || req.abortConnection) {
      if (await flushed(call as Writable, signal)) abort(call, req);
      return;
    }
    const code = codeOf(req);
    if (code === grpc.status.OK) call.end(trailers);
    else call.emit('error', statusError(code, detailsOf(req, 'FailStream'), trailers));
  },
};
