import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JsonValueSplitter, splitJsonValues } from './json-values';

test('JSON lines become one value each, with their line numbers', () => {
  assert.deepEqual(splitJsonValues('{"value":"1"}\n{"value":"2"}\n\n{"value":"3"}\n'), [
    { text: '{"value":"1"}', line: 1 },
    { text: '{"value":"2"}', line: 2 },
    { text: '{"value":"3"}', line: 4 },
  ]);
});

test('several objects on one line and pretty-printed objects are split correctly', () => {
  assert.deepEqual(splitJsonValues('{"a":1} {"a":2}').map((c) => c.text), ['{"a":1}', '{"a":2}']);
  const pretty = '{\n  "a": {\n    "b": [1, 2]\n  }\n}\n{"c": 3}';
  assert.deepEqual(splitJsonValues(pretty), [
    { text: '{\n  "a": {\n    "b": [1, 2]\n  }\n}', line: 1 },
    { text: '{"c": 3}', line: 6 },
  ]);
});

test('braces and escaped quotes inside strings do not end a value', () => {
  const text = '{"s":"}{ \\" }"}{"t":"\\\\"}';
  assert.deepEqual(splitJsonValues(text).map((c) => c.text), ['{"s":"}{ \\" }"}', '{"t":"\\\\"}']);
});

test('a value is handed out as soon as its closing brace arrives (interactive stdin)', () => {
  const s = new JsonValueSplitter();
  assert.deepEqual(s.push('{"value":'), []);
  assert.deepEqual(s.push('"7"}'), [{ text: '{"value":"7"}', line: 1 }]);
  assert.deepEqual(s.push('\n{"val'), []);
  assert.deepEqual(s.end(), [{ text: '{"val', line: 2 }], 'an unfinished value is returned so its error can be shown');
});

test('bare scalars and empty input', () => {
  assert.deepEqual(splitJsonValues('42 {"a":1}').map((c) => c.text), ['42', '{"a":1}']);
  assert.deepEqual(splitJsonValues('  \n '), []);
});
