import { CallRecording } from '../src/core/call/recording';
import { EventKind } from '../src/core/call/types';
import type { Measurement } from './harness';

/** Events per measured run: enough that growing the arrays amortises as it does in a long stream. */
const EVENTS = 1_000_000;

/**
 * ns per `CallRecording.record` of a received message, in a tight loop: the
 * cost the engine adds to every message when recording is on. With payloads
 * kept, each call also copies the bytes into the arena (here 24 bytes, about
 * a small streamed item).
 */
export function recordingCost(keepPayloads: boolean, rounds: number): Measurement {
  const payload = new Uint8Array(24).fill(7);
  return {
    id: keepPayloads ? 'record-with-payload' : 'record-timing-only',
    title: keepPayloads
      ? 'Recording one received message, bytes kept (24 B)'
      : 'Recording one received message, timing only',
    unit: 'ns/event',
    rounds,
    lowerIsBetter: true,
    run: async () => {
      const rec = new CallRecording({ keepPayloads });
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < EVENTS; i++) rec.record(EventKind.Received, payload.length, payload);
      const ns = Number(process.hrtime.bigint() - t0);
      if (rec.length !== EVENTS) throw new Error(`recorded ${rec.length} events, expected ${EVENTS}`);
      return ns / EVENTS;
    },
  };
}

/**
 * ns per `performance.now()` call, the recording's clock: on a VM it is most
 * of the recording cost, so it is measured alongside.
 */
export function clockCost(rounds: number): Measurement {
  return {
    id: 'clock-read',
    title: 'One performance.now() read (the clock every event reads)',
    unit: 'ns/read',
    rounds,
    lowerIsBetter: true,
    run: async () => {
      let sink = 0;
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < EVENTS; i++) sink += performance.now();
      const ns = Number(process.hrtime.bigint() - t0);
      if (sink <= 0) throw new Error('the clock did not advance');
      return ns / EVENTS;
    },
  };
}

/** The events of one unary call, in order, as the engine records them. */
const UNARY_EVENTS = [
  EventKind.Start,
  EventKind.Sent,
  EventKind.HalfClose,
  EventKind.Headers,
  EventKind.Received,
  EventKind.Trailers,
  EventKind.Status,
];
const CALLS = 20_000;

/**
 * µs to create a recording and record one unary call's seven events: what
 * every call pays before and after the network. Separates the recording's
 * share of the unary comparison from grpc-js's.
 */
export function unaryRecordingCost(keepPayloads: boolean, rounds: number): Measurement {
  const message = new Uint8Array(6).fill(1);
  return {
    id: keepPayloads ? 'unary-recording' : 'unary-recording-timing-only',
    title: `Recording of one unary call (7 events${keepPayloads ? ', both messages kept' : ', timing only'})`,
    unit: 'µs/call',
    rounds,
    lowerIsBetter: true,
    run: async () => {
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < CALLS; i++) {
        const rec = new CallRecording({ keepPayloads });
        for (const kind of UNARY_EVENTS)
          rec.record(kind, 6, kind === EventKind.Sent || kind === EventKind.Received ? message : undefined);
      }
      return Number(process.hrtime.bigint() - t0) / CALLS / 1000;
    },
  };
}
