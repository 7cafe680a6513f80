import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as protobuf from 'protobufjs';
import { InputError } from '../errors';
import { codecFor } from '../json/codec';
import { makeChainer } from './chain';

const root = protobuf.Root.fromJSON({
  nested: {
    t: {
      nested: {
        Num: { fields: { value: { type: 'int64', id: 1 }, note: { type: 'string', id: 2 } } },
        Wrap: { fields: { inner: { type: 'Num', id: 1 }, label: { type: 'string', id: 2 } } },
        Text: { fields: { value: { type: 'string', id: 1 } } },
        List: { fields: { values: { rule: 'repeated', type: 'int64', id: 1 } } },
      },
    },
  },
});
const json = (type: string, bytes: Uint8Array) => codecFor(root, type).decode(bytes, { emitDefaults: true });
const bytes = (type: string, text: string) => codecFor(root, type).encodeJson(text);

test('copies the field on protobuf messages, 64-bit values exact, the rest of the template kept', () => {
  const chain = makeChainer('$.value', '{"value": "0", "note": "keep"}', root, 't.Num', 't.Num');
  const next = chain(bytes('t.Num', '{"value": "9223372036854775806"}'));
  assert.deepEqual(json('t.Num', next), { value: '9223372036854775806', note: 'keep' });
  assert.deepEqual(
    json('t.Num', chain(bytes('t.Num', '{}'))),
    { value: '0', note: 'keep' },
    'an unset field chains its default',
  );
});

test('a nested path through a message field', () => {
  const chain = makeChainer('$.inner.value', '{"inner": {"value": "1"}, "label": "x"}', root, 't.Wrap', 't.Wrap');
  assert.deepEqual(json('t.Wrap', chain(bytes('t.Wrap', '{"inner": {"value": "77"}}'))), {
    inner: { value: '77', note: '' },
    label: 'x',
  });
});

test('fields of different types go through canonical JSON (a string reply into an int64 request)', () => {
  const chain = makeChainer('$.value', '{"value": "0"}', root, 't.Num', 't.Text');
  assert.deepEqual(json('t.Num', chain(bytes('t.Text', '{"value": "42"}'))), { value: '42', note: '' });
  const bad = makeChainer('$.value', '{"value": "0"}', root, 't.Num', 't.Text');
  assert.throws(() => bad(bytes('t.Text', '{"value": "forty-two"}')), InputError);
});

test('lists are chained through JSON; a template that is not a valid request fails before any call', () => {
  const chain = makeChainer('$.values[1]', '{"values": ["1", "2"]}', root, 't.List', 't.List');
  assert.deepEqual(json('t.List', chain(bytes('t.List', '{"values": ["5", "6"]}'))), { values: ['1', '6'] });
  assert.throws(
    () => makeChainer('$.value', '{"value": []}', root, 't.Num', 't.Num'),
    (e: unknown) => e instanceof InputError && e.path === '$.value',
  );
});
