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
    title: keepPayloads ? 'Recording one received message, bytes kept (24 B)' : 'Recording one received message, timing only',
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
