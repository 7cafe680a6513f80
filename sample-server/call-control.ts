import { setTimeout as delay } from 'node:timers/promises';
import type { Writable, Duplex } from 'node:stream';
import * as grpc from '@grpc/grpc-js';

/** Wall clock in microseconds since the Unix epoch (sub-millisecond, safe as a number until year 2255). */
export function nowMicros(): number {
  return Math.round((performance.timeOrigin + performance.now()) * 1000);
}

/** A google.protobuf.Timestamp for a microsecond instant. */
export function timestampFromMicros(micros: number): { seconds: number; nanos: number } {
  const seconds = Math.floor(micros / 1_000_000);
  return { seconds, nanos: (micros - seconds * 1_000_000) * 1000 };
}

/** A google.protobuf.Duration for a span in milliseconds. */
export function durationFromMs(ms: number): { seconds: number; nanos: number } {
  const seconds = Math.floor(ms / 1000);
  return { seconds, nanos: Math.round((ms - seconds * 1000) * 1e6) };
}

/**
 * An AbortSignal that fires when the call ends early (client cancel, deadline,
 * lost connection, server shutdown), so loops, timers and drain waits stop.
 * grpc-js 1.14 also emits 'cancelled' after a normal end; by then nothing waits.
 */
export function cancelSignal(call: { readonly cancelled: boolean }): AbortSignal {
  const controller = new AbortController();
  if (call.cancelled) controller.abort();
  else (call as unknown as NodeJS.EventEmitter).once('cancelled', () => controller.abort());
  return controller.signal;
}

/** Waits ms milliseconds; resolves false instead if the signal fires first. */
export async function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return false;
  if (ms <= 0) return true;
  try {
    await delay(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}

/** Resolves true on 'drain', false if the call is cancelled or closed first. */
export function waitForDrain(stream: Writable, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted || stream.destroyed || stream.writableEnded) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      stream.off('drain', onDrain);
      stream.off('close', onClose);
      signal.removeEventListener('abort', onClose);
      resolve(ok);
    };
    const onDrain = () => done(true);
    const onClose = () => done(false);
    stream.on('drain', onDrain);
    stream.on('close', onClose);
    signal.addEventListener('abort', onClose);
  });
}

/**
 * Writes one message and, when write() says the buffer is full, waits for
 * 'drain' before returning: this is what keeps a fast producer from queueing
 * everything in memory when the client reads slowly. False = stop sending.
 */
export async function writeWithBackpressure<T>(stream: Writable, message: T, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return false;
  if (stream.write(message)) return true;
  return waitForDrain(stream, signal);
}

/**
 * Lock-step two-way stream: one reply per request, in order. Reading pauses
 * while the send buffer is full, so a client that floods requests but never
 * reads replies is held back by flow control instead of filling the server.
 * If reply() throws a status error, the call ends with that status.
 */
export function replyToEach<Req, Res>(call: Duplex, reply: (request: Req) => Res): void {
  let failed = false;
  call.on('data', (request: Req) => {
    if (failed) return;
    let response: Res;
    try {
      response = reply(request);
    } catch (e) {
      failed = true;
      call.emit('error', e); // grpc-js turns an emitted error into the call's status
      return;
    }
    if (!call.write(response)) {
      call.pause();
      call.once('drain', () => call.resume());
    }
  });
  call.on('end', () => {
    if (!failed) call.end();
  });
}

/**
 * grpc-js Metadata from a map<string, string> field; `-bin` keys take base64.
 * Throws (grpc-js's message names the key) when a key is not a legal header name.
 */
export function metadataFromRecord(record: Record<string, string> | undefined): grpc.Metadata {
  const md = new grpc.Metadata();
  for (const [rawKey, value] of Object.entries(record ?? {})) {
    const key = rawKey.toLowerCase();
    md.add(key, key.endsWith('-bin') ? Buffer.from(value, 'base64') : value);
  }
  return md;
}

/** A gRPC error object that grpc-js turns into a status (code, details, trailers). */
export function statusError(code: grpc.status, details: string, trailers?: grpc.Metadata): grpc.ServerErrorResponse {
  return Object.assign(new Error(details), { code, details, metadata: trailers ?? new grpc.Metadata() });
}
