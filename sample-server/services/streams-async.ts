import * as grpc from '@grpc/grpc-js';
import type { Duplex } from 'node:stream';
import { cancelSignal, nowMicros, sleep, writeWithBackpressure } from '../call-control';

interface AsyncRequest {
  seq: string;
  text: string;
  processingMs: number;
  tickIntervalMs: number;
}

type Kind = 'KIND_TICK' | 'KIND_QUEUED' | 'KIND_PROCESSED';

const DEFAULT_TICK_MS = 1000;

/**
 * Streams.BidiAsync, after seed 000's Go/Python servers: a receiver puts
 * requests on a queue, one worker processes them in order, and a ticker sends
 * heartbeats; replies follow the server's schedule, not the requests'. The
 * call ends once the client has half-closed and the queue is empty.
 */
export function bidiAsync(call: grpc.ServerDuplexStream<AsyncRequest, unknown>): void {
  const stream = call as unknown as Duplex;
  const signal = cancelSignal(call);
  const queue: AsyncRequest[] = [];
  let ticker: NodeJS.Timeout | undefined;
  let ticks = 0;
  let clientDone = false;
  let working = false;

  const event = (kind: Kind, fields: { tick?: number; requestSeq?: string; text?: string } = {}) => ({
    kind,
    ...fields,
    queueLength: queue.length,
    serverSendUnixMicros: nowMicros(),
  });

  const finish = () => {
    clearInterval(ticker);
    if (!signal.aborted) stream.end();
  };

  const work = async () => {
    working = true;
    while (queue.length > 0 && !signal.aborted) {
      const request = queue[0]!;
      if (!(await sleep(request.processingMs, signal))) break;
      queue.shift();
      const done = event('KIND_PROCESSED', { requestSeq: request.seq, text: request.text });
      if (!(await writeWithBackpressure(stream, done, signal))) break;
    }
    working = false;
    if (clientDone && queue.length === 0) finish();
  };

  stream.on('data', (request: AsyncRequest) => {
    if (ticker === undefined) {
      const every = request.tickIntervalMs || DEFAULT_TICK_MS;
      // A heartbeat is skipped, not queued, while the send buffer is full.
      ticker = setInterval(() => {
        if (stream.writableNeedDrain || signal.aborted) return;
        stream.write(event('KIND_TICK', { tick: ++ticks }));
      }, every);
    }
    queue.push(request);
    if (!stream.write(event('KIND_QUEUED', { requestSeq: request.seq, text: request.text }))) {
      stream.pause(); // stop reading requests until the client reads our events
      stream.once('drain', () => stream.resume());
    }
    if (!working) void work();
  });
  stream.on('end', () => {
    clientDone = true;
    if (!working) finish();
  });
  signal.addEventListener('abort', () => clearInterval(ticker));
}
