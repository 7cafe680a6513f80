// Round trips (JSON → wire bytes → JSON) of every well-known type, as a user
// sees them when a request is echoed back.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { roundTrip } from './testdata/load';

describe('Timestamp', () => {
  test('keeps nanos and prints them in 3, 6 or 9 digits', () => {
    assert.deepEqual(roundTrip({ when: '2024-02-29T12:00:00.123456789Z' }), { when: '2024-02-29T12:00:00.123456789Z' });
    assert.deepEqual(roundTrip({ when: '2024-02-29T12:00:00.5Z' }), { when: '2024-02-29T12:00:00.500Z' });
    assert.deepEqual(roundTrip({ when: '2024-02-29T12:00:00.000001Z' }), { when: '2024-02-29T12:00:00.000001Z' });
  });
  test('normalises offsets to Z', () => {
    assert.deepEqual(roundTrip({ when: '2024-01-01T01:30:00+01:30' }), { when: '2024-01-01T00:00:00Z' });
    assert.deepEqual(roundTrip({ when: '2023-12-31T22:00:00.25-02:00' }), { when: '2024-01-01T00:00:00.250Z' });
  });
  test('reaches the ends of the valid range', () => {
    assert.deepEqual(roundTrip({ when: '0001-01-01T00:00:00Z' }), { when: '0001-01-01T00:00:00Z' });
    assert.deepEqual(roundTrip({ when: '9999-12-31T23:59:59.999999999Z' }), { when: '9999-12-31T23:59:59.999999999Z' });
  });
  test('the epoch is a set Timestamp, printed, not dropped', () => {
    assert.deepEqual(roundTrip({ when: '1970-01-01T00:00:00Z' }), { when: '1970-01-01T00:00:00Z' });
  });
  test('in a repeated field', () => {
    const stamps = ['1970-01-01T00:00:01Z', '2000-01-01T00:00:00.100Z'];
    assert.deepEqual(roundTrip({ stamps }), { stamps });
  });
});

describe('Duration', () => {
  test('positive, negative, with nanos', () => {
    for (const timeout of [
      '1.500s',
      '-1.500s',
      '0.000000001s',
      '-0.000001s',
      '315576000000s',
      '-315576000000s',
      '3s',
    ]) {
      assert.deepEqual(roundTrip({ timeout }), { timeout });
    }
  });
  test('fractions print in 3, 6 or 9 digits', () => {
    assert.deepEqual(roundTrip({ timeout: '1.5s' }), { timeout: '1.500s' });
    assert.deepEqual(roundTrip({ timeout: '-0.1234s' }), { timeout: '-0.123400s' });
  });
  test('zero is a set Duration', () => {
    assert.deepEqual(roundTrip({ timeout: '0s' }), { timeout: '0s' });
  });
});

describe('Any', () => {
  test('a message type carries its fields inline', () => {
    const detail = {
      '@type': 'type.googleapis.com/explorer.jsontest.v1.Item',
      name: 'book',
      at: '2024-01-01T00:00:00Z',
      count: 2,
    };
    assert.deepEqual(roundTrip({ detail }), { detail });
  });
  test('a well-known type goes in "value"', () => {
    const cases: Array<[string, unknown]> = [
      ['google.protobuf.Duration', '1.500s'],
      ['google.protobuf.Timestamp', '2024-01-01T00:00:00Z'],
      ['google.protobuf.Struct', { a: [1, null, { b: 'c' }] }],
      ['google.protobuf.Value', 'text'],
      ['google.protobuf.Int64Value', '9223372036854775807'],
      ['google.protobuf.FieldMask', 'fInt64,item.name'],
    ];
    for (const [name, value] of cases) {
      const detail = { '@type': `type.googleapis.com/${name}`, value };
      assert.deepEqual(roundTrip({ detail }), { detail }, name);
    }
  });
  test('an Any inside an Any, and Empty inline', () => {
    const inner = { '@type': 'type.googleapis.com/google.protobuf.Empty' };
    const detail = { '@type': 'type.googleapis.com/google.protobuf.Any', value: inner };
    assert.deepEqual(roundTrip({ detail }), { detail });
    assert.deepEqual(roundTrip({ detail: inner }), { detail: inner });
  });
  test('Empty also in the "value" form other tools print; it comes back in the reference (inline) form', () => {
    const inline = { '@type': 'type.googleapis.com/google.protobuf.Empty' };
    assert.deepEqual(roundTrip({ detail: { ...inline, value: {} } }), { detail: inline });
    const nested = { '@type': 'type.googleapis.com/google.protobuf.Any', value: { ...inline, value: {} } };
    assert.deepEqual(roundTrip({ detail: nested }), { detail: { ...nested, value: inline } });
  });
  test('an empty Any is {}', () => {
    assert.deepEqual(roundTrip({ detail: {} }), { detail: {} });
  });
});

describe('Struct, Value, ListValue', () => {
  test('nested objects, arrays, null, numbers, booleans', () => {
    const attributes = {
      n: null,
      x: 1.5,
      s: 'two',
      b: false,
      list: [1, 'a', null, [true], { deep: { er: [] } }],
      o: {},
    };
    assert.deepEqual(roundTrip({ attributes }), { attributes });
  });
  test('Value holds any JSON, null included', () => {
    for (const anything of [null, 0, -2.5, 'x', true, [], {}, [null, { a: [1] }]]) {
      assert.deepEqual(roundTrip({ anything }), { anything }, JSON.stringify(anything));
    }
  });
  test('ListValue and repeated Value keep nulls', () => {
    assert.deepEqual(roundTrip({ list: [1, null, 'a'], values: [null, { a: 1 }] }), {
      list: [1, null, 'a'],
      values: [null, { a: 1 }],
    });
  });
});

describe('FieldMask, Empty, wrappers', () => {
  test('FieldMask paths stay lowerCamelCase', () => {
    assert.deepEqual(roundTrip({ mask: 'fInt64,item.name,itemsById' }), { mask: 'fInt64,item.name,itemsById' });
    assert.deepEqual(roundTrip({ mask: '' }), { mask: '' });
  });
  test('Empty is {}', () => {
    assert.deepEqual(roundTrip({ nothing: {} }), { nothing: {} });
  });
  test('every wrapper is its bare scalar, and a zero is kept (that is what wrappers are for)', () => {
    const zeros = {
      wDouble: 0,
      wFloat: 0,
      wInt64: '0',
      wUint64: '0',
      wInt32: 0,
      wUint32: 0,
      wBool: false,
      wString: '',
      wBytes: '',
    };
    assert.deepEqual(roundTrip(zeros), zeros);
    const values = {
      wDouble: 1.25,
      wFloat: -2.5,
      wInt64: '-9223372036854775808',
      wUint64: '18446744073709551615',
      wInt32: -7,
      wUint32: 4294967295,
      wBool: true,
      wString: 'héllo',
      wBytes: 'AAEC/w==',
    };
    assert.deepEqual(roundTrip(values), values);
  });
  test('wrappers accept the same non-canonical input as their scalar', () => {
    assert.deepEqual(roundTrip('{"wInt64": 9007199254740993, "wDouble": "NaN", "wBytes": "AAEC_w"}'), {
      wInt64: '9007199254740993',
      wDouble: 'NaN',
      wBytes: 'AAEC/w==',
    });
  });
});
