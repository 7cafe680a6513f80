import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as protobuf from 'protobufjs';
import { jsonSchemaFor } from '../json/json-schema';
import { fieldsAt, keySpotAt } from './body-completion';

const root = protobuf.parse(`
syntax = "proto3";
package shop.v1;
message Order {
  string order_id = 1;
  Customer customer = 2;
  repeated Item items = 3;
  map<string, Item> by_sku = 4;
}
message Customer { string name = 1; string email = 2; }
message Item { string sku = 1; int32 quantity = 2; }
`).root;
const schema = jsonSchemaFor(root, 'shop.v1.Order');
const names = (before: string) => {
  const spot = keySpotAt(before);
  return spot ? fieldsAt(schema, spot).map((f) => f.name) : undefined;
};

test('at the top of the message: the request type’s fields, by their JSON names', () => {
  assert.deepEqual(names('{\n  '), ['orderId', 'customer', 'items', 'bySku']);
  assert.deepEqual(
    names('{"orderId": "7", '),
    ['customer', 'items', 'bySku'],
    'a field already written is not offered again',
  );
});

test('inside a nested message, a repeated message and a map value: that type’s fields', () => {
  assert.deepEqual(names('{"customer": {'), ['name', 'email']);
  assert.deepEqual(names('{"items": [{"sku": "a"}, {'), ['sku', 'quantity'], 'a new element of the list');
  assert.deepEqual(names('{"bySku": {"x-1": {"sku": "x", '), ['quantity']);
});

test('a partly typed name inside its quotes: the spot says what was typed, to replace', () => {
  const spot = keySpotAt('{"customer": {"na');
  assert.deepEqual(spot, { path: ['customer'], present: [], partial: 'na' });
  assert.ok(fieldsAt(schema, spot!).some((f) => f.name === 'name' && /string/.test(f.description)));
});

test('where a value goes, inside a string value or after the message: no field names', () => {
  assert.equal(names('{"orderId": '), undefined);
  assert.equal(names('{"orderId": "ab'), undefined);
  assert.equal(names('{"items": ['), undefined);
  assert.equal(names('{"a": "}", "b": 1}'), undefined);
  assert.deepEqual(names('{"orderId": "a\\"b", '), ['customer', 'items', 'bySku'], 'escaped quotes do not confuse it');
});
