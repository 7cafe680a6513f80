import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../errors';
import { getField, parseFieldPath, setField } from './field-path';

test('reads the paths people type: $.a.b, $.items[0], $["odd key"], and without the $', () => {
  assert.deepEqual(parseFieldPath('$.value'), ['value']);
  assert.deepEqual(parseFieldPath('$.start.count'), ['start', 'count']);
  assert.deepEqual(parseFieldPath('$.items[2].id'), ['items', 2, 'id']);
  assert.deepEqual(parseFieldPath('$["odd key"].x'), ['odd key', 'x']);
  assert.deepEqual(parseFieldPath('request.seq'), ['request', 'seq']);
  assert.throws(
    () => parseFieldPath('$.a..b'),
    (e: unknown) => e instanceof InputError && /cannot read "\.\.b"/.test(e.problem),
  );
  assert.throws(() => parseFieldPath('$'), /names no field/);
});

test('proto and JSON spellings of a field name both find it', () => {
  const json = { serverSendUnixMicros: '17', request: { seq: '3' } };
  assert.equal(getField(json, parseFieldPath('$.server_send_unix_micros')), '17');
  assert.equal(getField({ server_send_time: 1 }, parseFieldPath('$.serverSendTime')), 1);
  assert.equal(getField(json, parseFieldPath('$.request.seq')), '3');
  assert.equal(getField(json, parseFieldPath('$.missing.deeper')), undefined);
});

test('setField copies: the template is left as it was', () => {
  const template = { value: '0', keep: { x: 1 } };
  const next = setField(template, ['value'], '41');
  assert.deepEqual(next, { value: '41', keep: { x: 1 } });
  assert.equal(template.value, '0');
  assert.deepEqual(setField({}, ['a', 'b'], 2), { a: { b: 2 } });
  assert.deepEqual(setField({ list: [1, 2] }, ['list', 1], 9), { list: [1, 9] });
});
