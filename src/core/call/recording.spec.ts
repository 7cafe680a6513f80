import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CallRecording } from './recording';
import { EventKind } from './types';

describe('CallRecording', () => {
  it('numbers messages per direction and measures gaps within each direction', () => {
    const r = new CallRecording();
    r.record(EventKind.Start);
    const s0 = r.record(EventKind.Sent, 3, Uint8Array.from([1, 2, 3]));
    const r0 = r.record(EventKind.Received, 2, Uint8Array.from([4, 5]));
    const s1 = r.record(EventKind.Sent, 1, Uint8Array.from([6]));
    const r1 = r.record(EventKind.Received, 0, new Uint8Array(0));
    assert.deepEqual([r.seqAt(s0), r.seqAt(s1), r.seqAt(r0), r.seqAt(r1)], [0, 1, 0, 1]);
    assert.ok(
      Number.isNaN(r.gapUsAt(s0)) && Number.isNaN(r.gapUsAt(r0)),
      'the first message of each direction has no gap',
    );
    assert.equal(r.gapUsAt(s1), r.tUsAt(s1) - r.tUsAt(s0));
    assert.equal(r.gapUsAt(r1), r.tUsAt(r1) - r.tUsAt(r0));
    assert.deepEqual([r.sentCount, r.receivedCount, r.sentBytes, r.receivedBytes], [2, 2, 4, 2]);
  });

  it('stamps events with a clock that never goes back', () => {
    const r = new CallRecording();
    for (let i = 0; i < 1000; i++) r.record(EventKind.Received, 1);
    for (let i = 1; i < r.length; i++) assert.ok(r.tUsAt(i) >= r.tUsAt(i - 1), `event ${i}`);
  });

  it('grows past its initial capacity and keeps every payload', () => {
    const r = new CallRecording();
    for (let i = 0; i < 10_000; i++) r.record(EventKind.Received, 4, Uint8Array.of(i & 255, i >> 8, 0, 1));
    assert.equal(r.length, 10_000);
    assert.deepEqual(r.payload(9_999), Uint8Array.of(9_999 & 255, 9_999 >> 8, 0, 1));
    assert.equal(r.event(9_999).seq, 9_999);
  });

  it('materialises events with their names; non-message events have no payload and seq -1', () => {
    const r = new CallRecording();
    const i = r.record(EventKind.Headers);
    assert.deepEqual(
      { ...r.event(i), tUs: 0, gapUs: 0 },
      { index: 0, kind: 'headers', tUs: 0, size: 0, gapUs: 0, seq: -1 },
    );
    assert.equal(r.payload(i), undefined);
  });

  it('keeps sizes but not bytes when payloads are off', () => {
    const r = new CallRecording({ keepPayloads: false });
    const i = r.record(EventKind.Received, 3, Uint8Array.from([1, 2, 3]));
    assert.equal(r.sizeAt(i), 3);
    assert.equal(r.payload(i), undefined);
  });

  it('names the index and the length when asked for an event it does not hold', () => {
    const r = new CallRecording();
    r.record(EventKind.Start);
    assert.throws(() => r.event(1), /no event 1: the recording holds 1/);
  });
});
