// Deep nesting gets an error naming the path and the limit, never the engine's
// "Maximum call stack size exceeded" or protobufjs's bare "max depth exceeded".
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InputError } from '../errors';
import { testCodec } from './testdata/load';

function failure(text: string): InputError {
  try {
    testCodec().encodeJson(text);
  } catch (e) {
    assert.ok(e instanceof InputError, `an InputError, got ${(e as Error).message}`);
    return e;
  }
  throw new Error('expected the input to be refused');
}

const nested = (open: string, close: string, n: number, leaf = '') => open.repeat(n) + leaf + close.repeat(n);

describe('deep nesting', () => {
  test('past what the parser can hold: the path where it happens and the limit', () => {
    const e = failure(`{"anything": ${nested('[', ']', 100_000)}}`);
    assert.match(e.path, /^\$\.anything\[0\]\[0\]/);
    assert.match(e.problem, /nested deeper than 1000 objects and arrays, the limit for JSON input/);
    assert.doesNotMatch(e.message, /call stack/);
  });
  test('Struct, ListValue and Value: within protobufjs limit of 100 messages, two per level', () => {
    testCodec().encodeJson(`{"attributes": ${nested('{"a":', '}', 50, '1')}}`);
    for (const text of [
      `{"attributes": ${nested('{"a":', '}', 51, '1')}}`,
      `{"list": ${nested('[', ']', 51)}}`,
      `{"anything": ${nested('[', ']', 51)}}`,
    ]) {
      const e = failure(text);
      assert.match(e.path, /^\$\.(attributes\.a\.a|list\[0\]\[0\]|anything\[0\]\[0\])/, text.slice(0, 20));
      assert.equal(e.problem, 'nested deeper than 100 messages, the limit (a Struct or list level counts 2)');
    }
  });
  test('messages nested past the limit name where', () => {
    const e = failure(`{"tree": ${nested('{"children":[', ']}', 101, '{}')}}`);
    assert.match(e.path, /^\$\.tree\.children\[0\]\.children\[0\].*…/);
    assert.match(e.problem, /nested deeper than 100 messages/);
    assert.ok(e.path.length < 200, 'a path of hundreds of levels is shortened');
  });
});
