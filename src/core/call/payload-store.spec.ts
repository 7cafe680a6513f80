import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ArenaPayloadStore } from './payload-store';

describe('ArenaPayloadStore', () => {
  it('gives back each message exactly, across chunk boundaries', () => {
    const store = new ArenaPayloadStore(1024);
    const messages = Array.from({ length: 500 }, (_, i) =>
      Uint8Array.from({ length: i % 37 }, (_, j) => (i + j) & 255),
    );
    const ids = messages.map((m) => store.append(m));
    messages.forEach((m, i) => assert.deepEqual(store.get(ids[i]!), m, `message ${i}`));
    assert.equal(
      store.byteLength,
      messages.reduce((n, m) => n + m.length, 0),
    );
  });

  it('keeps a copy: reusing the caller buffer does not change what was stored', () => {
    const store = new ArenaPayloadStore();
    const buf = Uint8Array.from([1, 2, 3]);
    const id = store.append(buf);
    buf.fill(9);
    assert.deepEqual(store.get(id), Uint8Array.from([1, 2, 3]));
  });

  it('stores a message larger than a chunk, and empty messages', () => {
    const store = new ArenaPayloadStore(16);
    const big = new Uint8Array(100).fill(7);
    const a = store.append(new Uint8Array(0));
    const b = store.append(big);
    const c = store.append(Uint8Array.from([5]));
    assert.equal(store.get(a).length, 0);
    assert.deepEqual(store.get(b), big);
    assert.deepEqual(store.get(c), Uint8Array.from([5]));
  });

  it('names the id and the count for an unknown id', () => {
    const store = new ArenaPayloadStore();
    store.append(Uint8Array.from([1]));
    assert.throws(() => store.get(3), /no payload with id 3 \(store holds 1\)/);
  });
});
