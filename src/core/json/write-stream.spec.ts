import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testCodec } from './testdata/load';

const codec = testCodec();

/** The pieces decodeToPieces writes, joined, and how many there were. */
function pieces(bytes: Uint8Array, options: { emitDefaults?: boolean; streamAt?: number } = {}): { text: string; count: number } {
  const out: string[] = [];
  codec.decodeToPieces(bytes, (p) => out.push(p), options);
  return { text: out.join(''), count: out.length };
}

const item = (i: number) => ({ name: `item-${i}`, count: i % 5, at: '2026-12-02T16:00:00Z' });
const node = (i: number) => ({ label: `n${i}`, children: [{ label: 'a' }, { label: 'b', children: [{ label: 'c' }] }] });

const CASES: Record<string, unknown> = {
  'empty': {},
  'items and a tree, every other field set': {
    fDouble: -0,
    fInt64: '9007199254740993',
    items: Array.from({ length: 5 }, (_, i) => item(i)),
    tree: { label: 'root', children: Array.from({ length: 7 }, (_, i) => node(i)) },
    labels: { b: 'x', a: 'y' },
    itemsById: { '3': item(3), '18446744073709551615': item(4) },
    detail: { '@type': 'type.googleapis.com/explorer.jsontest.v1.Item', name: 'inside', count: 2 },
    attributes: { k: [1, -0, { z: null }] },
    anything: 3.5,
    tags: ['t', 'u'],
  },
  'a tree whose elements hold -0 and long arrays deeper down': {
    tree: { label: 'r', children: Array.from({ length: 70 }, (_, i) => ({ label: `n${i}`, children: Array.from({ length: 66 }, () => ({ label: '' })) })) },
    values: [-0, 'x', { a: -0 }],
  },
};

for (const [name, json] of Object.entries(CASES)) {
  test(`in pieces, the same text as in one piece: ${name}`, () => {
    const bytes = codec.encodeJson(JSON.stringify(json));
    for (const emitDefaults of [false, true]) {
      const whole = codec.decodeToText(bytes, { emitDefaults });
      for (const streamAt of [1, 2, 64, undefined]) {
        const options = { emitDefaults, ...(streamAt !== undefined ? { streamAt } : {}) };
        assert.equal(pieces(bytes, options).text, whole, `emitDefaults ${emitDefaults}, streamAt ${streamAt}`);
      }
    }
  });
}

test('a large reply comes out in pieces of about 64 Ki characters, not as one string', () => {
  const bytes = codec.encodeJson(JSON.stringify({ tree: { label: 'r', children: Array.from({ length: 20_000 }, (_, i) => node(i)) } }));
  const whole = codec.decodeToText(bytes);
  const r = pieces(bytes);
  assert.equal(r.text, whole);
  assert.ok(whole.length > 1_000_000);
  assert.ok(r.count >= Math.floor(whole.length / (64 * 1024)), `${r.count} pieces for ${whole.length} characters`);
});
