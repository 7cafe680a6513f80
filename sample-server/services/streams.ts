import * as grpc from '@grpc/grpc-js';
import type { Duplex, Writable } from 'node:stream';
import {
  cancelSignal,
  durationFromMs,
  nowMicros,
  replyToEach,
  sleep,
  timestampFromMicros,
  writeWithBackpressure,
} from '../call-control';
import { bidiAsync } from './streams-async';

/** Item as proto-loader gives it (int64 as strings, bytes as Buffer). */
export interface Item {
  seq: string;
  text: string;
  value: string;
  payload: Buffer;
  serverSendUnixMicros?: string | number;
}

interface GenerateRequest {
  count: number;
  intervalMs: number;
  payloadSize: number;
  text: string;
}

/** Collect's running aggregate of the client's stream. */
class Aggregate {
  count = 0;
  sum = 0n;
  payloadBytes = 0;
  first: Item | null = null;
  last: Item | null = null;
  firstAt = 0;
  lastAt = 0;

  add(item: Item): void {
    const at = nowMicros();
    if (this.count === 0) {
      this.first = item;
      this.firstAt = at;
    }
    this.count++;
    this.sum = BigInt.asIntN(64, this.sum + BigInt(item.value || '0'));
    this.payloadBytes += item.payload?.length ?? 0;
    this.last = item;
    this.lastAt = at;
  }

  summary(callStartedAt: number) {
    const now = nowMicros();
    return {
      count: this.count,
      sum: this.sum.toString(),
      first: this.first,
      last: this.last,
      firstReceivedTime: this.count ? timestampFromMicros(this.firstAt) : null,
      lastReceivedTime: this.count ? timestampFromMicros(this.lastAt) : null,
      firstToLast: durationFromMs((this.lastAt - this.firstAt) / 1000),
      callDuration: durationFromMs((now - callStartedAt) / 1000),
      payloadBytes: this.payloadBytes,
    };
  }
}

/** Streams: the four call shapes (seed 000's client, server, bidi-sync and bidi-async streaming). */
export const streamsService: grpc.UntypedServiceImplementation = {
  Collect(call: grpc.ServerReadableStream<Item, unknown>, callback: grpc.sendUnaryData<unknown>) {
    const startedAt = nowMicros();
    const aggregate = new Aggregate();
    call.on('data', (item: Item) => aggregate.add(item));
    call.on('end', () => callback(null, aggregate.summary(startedAt)));
  },

  async Generate(call: grpc.ServerWritableStream<GenerateRequest, Item>) {
    const { count, intervalMs, payloadSize, text } = call.request;
    const signal = cancelSignal(call);
    const payload = Buffer.alloc(payloadSize, 'x'); // serialization copies it, so one buffer serves every message
    for (let seq = 1; seq <= count; seq++) {
      if (intervalMs > 0 && !(await sleep(intervalMs, signal))) return;
      const item = { seq: String(seq), text, value: String(seq), payload, serverSendUnixMicros: nowMicros() };
      if (!(await writeWithBackpressure(call as Writable, item, signal))) return;
    }
    call.end();
  },

  BidiSync(call: grpc.ServerDuplexStream<Item, unknown>) {
    let index = 0;
    let runningSum = 0n;
    replyToEach<Item, unknown>(call as unknown as Duplex, (request) => {
      runningSum = BigInt.asIntN(64, runningSum + BigInt(request.value || '0'));
      return { index: ++index, request, runningSum: runningSum.toString(), serverReceiveUnixMicros: nowMicros() };
    });
  },

  BidiAsync: bidiAsync,
};
