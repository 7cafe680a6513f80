import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as protobuf from 'protobufjs';
import { Generator, toText } from '../../../test/conformance/generate';
import { MESSAGE, PROTO_DIR, PROTO_FILE } from '../../../test/conformance/harness';
import { buildMessage } from './build';
import { encodedSize, encodeMessage } from './encode';
import { parseJson } from './parse';
import { normalizeMessage } from './validate';

/** A copy with every bigint as its decimal text; typed arrays kept. */
function bigintsAsText(v: unknown): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (Array.isArray(v)) return v.map(bigintsAsText);
  if (v === null || typeof v !== 'object' || v instanceof Uint8Array) return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, bigintsAsText(x)]));
}

describe('encodeMessage', () => {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => (target.startsWith('google/') ? target : `${PROTO_DIR}/${target}`);
  root.loadSync(PROTO_FILE, { keepCase: true });
  root.resolveAll();
  const type = root.lookupType(MESSAGE);

  test('writes the same bytes as protobufjs for 1,000 random messages of every field kind', () => {
    const gen = new Generator(root, 7);
    let compared = 0;
    for (let i = 0; i < 1000; i++) {
      let built: Record<string, unknown>;
      try {
        built = buildMessage(type, normalizeMessage(type, parseJson(toText(gen.message(type)))));
      } catch {
        continue; // the generator also writes values the codec refuses; those never reach the encoder
      }
      const ours = encodeMessage(type, built);
      const theirs = type.encode(bigintsAsText(built) as Record<string, unknown>).finish(); // protobufjs takes no bigints
      assert.equal(Buffer.from(ours).toString('hex'), Buffer.from(theirs).toString('hex'), `case ${i}`);
      assert.equal(encodedSize(type, built), ours.length);
      compared++;
    }
    assert.ok(compared > 600, `${compared} compared`);
  });

  test('64-bit integers from decimal text, bigints and numbers give the same bytes, limits included', () => {
    const t = protobuf.parse(`syntax = "proto3"; message M { repeated int64 a = 1; repeated sint64 b = 2; repeated uint64 c = 3; repeated sfixed64 d = 4; }`).root.lookupType('M');
    const values = ['0', '1', '-1', '4503599627370495', '-4503599627370496', '9007199254740993', '-9223372036854775808', '9223372036854775807'];
    const unsigned = ['0', '1', '18446744073709551615', '9007199254740993'];
    const asText = { a: values, b: values, c: unsigned, d: values };
    const expected = t.encode(asText).finish();
    assert.deepEqual(Buffer.from(encodeMessage(t, asText)), Buffer.from(expected));
    const asBigint = { a: values.map(BigInt), b: values.map(BigInt), c: unsigned.map(BigInt), d: values.map(BigInt) };
    assert.deepEqual(Buffer.from(encodeMessage(t, asBigint)), Buffer.from(expected));
    const small = { a: [0, 1, -1, 4503599627370495], b: [-4503599627370496, 7], c: [12], d: [-5] };
    const smallText = { a: ['0', '1', '-1', '4503599627370495'], b: ['-4503599627370496', '7'], c: ['12'], d: ['-5'] };
    assert.deepEqual(Buffer.from(encodeMessage(t, small)), Buffer.from(t.encode(smallText).finish()));
  });
});
