import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeUtf8, invalidUtf8Byte, Utf8Stream } from './utf8';

const bytes = (...parts: Array<string | number[]>) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));

describe('decodeUtf8', () => {
  test('valid text as it is, emoji and all', () => {
    assert.equal(decodeUtf8(bytes('héllo 😀')), 'héllo 😀');
  });
  test('each invalid byte becomes U+DC80+byte; the valid text around it stays', () => {
    const text = decodeUtf8(bytes('a', [0xe9], 'b', [0xff, 0xc3], 'é'));
    assert.deepEqual([...text].map((c) => c.codePointAt(0)!.toString(16)), ['61', 'dce9', '62', 'dcff', 'dcc3', 'e9']);
    assert.equal(invalidUtf8Byte(text.charCodeAt(1)), 0xe9);
    assert.equal(invalidUtf8Byte('a'.charCodeAt(0)), undefined);
  });
  test('overlong forms, encoded surrogates and code points past U+10FFFF are invalid', () => {
    for (const bad of [[0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80]]) {
      const text = decodeUtf8(Buffer.from(bad));
      assert.equal(text.length, bad.length, bad.join(','));
      assert.ok([...text].every((c) => invalidUtf8Byte(c.charCodeAt(0)) !== undefined));
    }
  });
});

describe('Utf8Stream', () => {
  test('a character cut between chunks is held until it completes', () => {
    const all = Buffer.from('x😀é');
    for (let cut = 0; cut <= all.length; cut++) {
      const s = new Utf8Stream();
      assert.equal(s.push(all.subarray(0, cut)) + s.push(all.subarray(cut)) + s.end(), 'x😀é', `cut at ${cut}`);
    }
  });
  test('a sequence the input ends in the middle of is escaped at the end', () => {
    const s = new Utf8Stream();
    assert.equal(s.push(Buffer.from([0x61, 0xf0, 0x9f])), 'a');
    assert.equal(s.end(), '\udcf0\udc9f');
  });
});
