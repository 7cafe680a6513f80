import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as protobuf from 'protobufjs';
import { Generator, toText } from '../../../test/conformance/generate';
import { MESSAGE, PROTO_DIR, PROTO_FILE } from '../../../test/conformance/harness';
import { RequestTooLargeError } from '../errors';
import { codecFor } from './codec';
import { parseJson } from './parse';
import { encodedSizeAtLeast } from './size-bound';
import { loadTestRoot, PKG } from './testdata/load';
import { normalizeMessage } from './validate';

describe('the send limit, checked before the message is built', () => {
  test('the lower bound never exceeds the real size, on 1,000 random messages of every field kind', () => {
    const root = new protobuf.Root();
    root.resolvePath = (_origin, target) => (target.startsWith('google/') ? target : `${PROTO_DIR}/${target}`);
    root.loadSync(PROTO_FILE, { keepCase: true });
    root.resolveAll();
    const type = root.lookupType(MESSAGE);
    const codec = codecFor(root, MESSAGE);
    const gen = new Generator(root, 11);
    let counted = 0;
    for (let i = 0; i < 1000; i++) {
      const text = toText(gen.message(type));
      let bytes: Uint8Array;
      try {
        bytes = codec.encodeJson(text);
      } catch {
        continue;
      }
      const bound = encodedSizeAtLeast(type, normalizeMessage(type, parseJson(text)));
      assert.ok(bound <= bytes.length, `case ${i}: bound ${bound} > ${bytes.length} bytes: ${text}`);
      if (bound > 0) counted++;
    }
    assert.ok(counted > 500, `${counted} messages with a non-zero bound`);
  });

  const codec = codecFor(loadTestRoot(), `${PKG}.AllTypes`);

  test('a request certainly over the limit is refused from the bound, naming its size, the limit and the flag', () => {
    const text = JSON.stringify({ tags: new Array(50_000).fill('twenty characters ok') }); // ~1.1 MB encoded
    assert.throws(
      () => codec.encodeJson(text, { maxBytes: 1_000_000 }),
      (e: unknown) => {
        assert.ok(e instanceof RequestTooLargeError);
        assert.equal(e.exact, false, 'refused before the message was built');
        assert.ok(e.size > 1_000_000);
        assert.match(e.message, /^\$: the request message is at least \d+ bytes encoded \(from \d+ characters of JSON\), over the send limit of 1000000 bytes — raise the limit with --max-msg-size/);
        return true;
      },
    );
  });

  test('JSON far larger than its encoding is not refused: numbers, defaults and white space', () => {
    const text = JSON.stringify({ ids: new Array(100_000).fill(0), fInt64: '0', fString: '' }, null, 8);
    assert.ok(text.length > 1_000_000);
    const bytes = codec.encodeJson(text, { maxBytes: 200_000 });
    assert.ok(bytes.length <= 200_000 && bytes.length > 100_000, `${bytes.length} bytes`);
  });

  test('a request the bound lets through but over the limit once sized is refused with its exact size', () => {
    // 60,000 int64 values of -1: the bound counts 1 byte for each, the encoding 10.
    const text = JSON.stringify({ ids: new Array(60_000).fill('-1') });
    const size = codec.encodeJson(text).length;
    assert.throws(
      () => codec.encodeJson(text, { maxBytes: 400_000 }),
      (e: unknown) => e instanceof RequestTooLargeError && e.exact && e.size === size && /is \d+ bytes encoded/.test(e.message),
    );
    assert.equal(codec.encodeJson(text, { maxBytes: size }).length, size, 'a request of exactly the limit goes');
  });
});
