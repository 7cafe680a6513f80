import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CallRecording } from './recording';
import { EventKind } from './types';

/** A recorded event as the columns must give it back. */
interface Want {
  kind: EventKind;
  tUs: number;
  size: number;
  seq: number;
  gapUs: number;
  payload: Uint8Array | undefined;
}

/**
 * Records `count` events with a scripted clock and returns what each one must read back as. Times
 * are multiples of 1/16 µs (the kept resolution), with jumps long enough to overflow a block's
 * 32-bit offset; sizes reach past 64 KiB; sent messages are sparse so some gaps reach far back.
 */
function scripted(count: number, keepPayloads = true): { rec: CallRecording; want: Want[] } {
  let now = 0;
  const rec = new CallRecording({ clockUs: () => now, keepPayloads });
  const want: Want[] = [];
  const last = { [EventKind.Sent]: NaN, [EventKind.Received]: NaN } as Record<number, number>;
  const seqs = { [EventKind.Sent]: 0, [EventKind.Received]: 0 } as Record<number, number>;
  for (let i = 0; i < count; i++) {
    // Mostly small steps; every 5,003rd event comes 300 s later (past 2^32 sixteenths of a µs).
    now += i % 5003 === 5002 ? 300e6 + 1 / 16 : ((i * 7919) % 97) / 16;
    const kind =
      i % 1000 === 999 ? EventKind.Sent : i % 777 === 5 ? EventKind.Headers : i % 3001 === 7 ? EventKind.Trailers : EventKind.Received;
    const isMessage = kind === EventKind.Sent || kind === EventKind.Received;
    const size = !isMessage ? 0 : i % 4099 === 11 ? 70_000 + i : i % 211;
    const payload = isMessage ? Uint8Array.from({ length: Math.min(size, 40) }, (_, j) => (i + j) & 0xff) : undefined;
    rec.record(kind, size, payload);
    const gapUs = isMessage ? now - last[kind]! : NaN;
    if (isMessage) last[kind] = now;
    want.push({
      kind,
      tUs: now,
      size,
      seq: isMessage ? seqs[kind]!++ : -1,
      gapUs,
      payload: keepPayloads ? payload : undefined,
    });
  }
  return { rec, want };
}

function check(rec: CallRecording, want: Want[], i: number): void {
  const w = want[i]!;
  assert.equal(rec.kindAt(i), w.kind, `event ${i}: kind`);
  assert.equal(rec.tUsAt(i), w.tUs, `event ${i}: time`);
  assert.equal(rec.sizeAt(i), w.size, `event ${i}: size`);
  assert.equal(rec.seqAt(i), w.seq, `event ${i}: seq`);
  assert.ok(Object.is(rec.gapUsAt(i), w.gapUs), `event ${i}: gap ${rec.gapUsAt(i)}, want ${w.gapUs}`);
  assert.deepEqual(rec.payload(i), w.payload, `event ${i}: payload`);
}

test('every field of every event reads back exactly, in order, across pages, blocks and overflows', () => {
  const count = 3 * 65_536 + 1_234; // three full pages and part of a fourth
  const { rec, want } = scripted(count);
  assert.equal(rec.length, count);
  for (let i = 0; i < count; i++) check(rec, want, i);
});

test('random access reads back the same as reading in order (the counting cursor goes both ways)', () => {
  const { rec, want } = scripted(140_000);
  let x = 12345;
  for (let k = 0; k < 20_000; k++) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    check(rec, want, x % want.length);
  }
  // The edges of pages (65,536 events) and blocks (256), from both sides.
  for (const edge of [0, 255, 256, 257, 65_535, 65_536, 65_537, 131_071, 131_072, 139_999]) check(rec, want, edge);
  for (const edge of [139_999, 131_072, 65_536, 65_535, 256, 255, 0]) check(rec, want, edge);
});

test('without payloads kept, sizes, sequence numbers and gaps are still exact', () => {
  const { rec, want } = scripted(70_000, false);
  for (let i = 0; i < want.length; i++) check(rec, want, i);
});

test('the index costs about 8 bytes an event, allocated a page at a time', () => {
  const rec = new CallRecording({ keepPayloads: false });
  assert.ok(rec.indexBytes < 1024, `a fresh recording holds ${rec.indexBytes} bytes`);
  for (let i = 0; i < 1_000_000; i++) rec.record(EventKind.Received, 100);
  const perEvent = rec.indexBytes / rec.length;
  assert.ok(perEvent > 8 && perEvent < 8.7, `${perEvent.toFixed(2)} bytes an event`);
});

test('times are kept to 1/16 µs: a clock reading between two steps is rounded to the nearer one', () => {
  let now = 0;
  const rec = new CallRecording({ clockUs: () => now });
  now = 10;
  rec.record(EventKind.Start);
  now = 10 + 0.26 / 16; // rounds down to 10
  rec.record(EventKind.Received, 1, Uint8Array.of(1));
  now = 10 + 1.74 / 16; // rounds up to 10 + 2/16
  rec.record(EventKind.Received, 1, Uint8Array.of(2));
  assert.deepEqual([rec.tUsAt(0), rec.tUsAt(1), rec.tUsAt(2)], [10, 10, 10.125]);
  assert.equal(rec.gapUsAt(2), 0.125);
});

test('a time earlier than its block\'s first (a stamp taken before the previous event was recorded) reads back as given', () => {
  let now = 1000;
  const rec = new CallRecording({ clockUs: () => now });
  rec.record(EventKind.Start);
  now = 1000.5;
  rec.record(EventKind.Received, 1, Uint8Array.of(1));
  now = 999.25; // earlier than the block's base (1000)
  rec.record(EventKind.Received, 1, Uint8Array.of(2));
  now = 1001;
  rec.record(EventKind.Received, 1, Uint8Array.of(3));
  assert.deepEqual([rec.tUsAt(0), rec.tUsAt(1), rec.tUsAt(2), rec.tUsAt(3)], [1000, 1000.5, 999.25, 1001]);
  assert.equal(rec.gapUsAt(2), -1.25);
  assert.deepEqual(rec.payload(2), Uint8Array.of(2));
});
