// Round trips of scalars, enums, maps, oneofs, optional fields and recursion:
// what a user types, what goes on the wire, what comes back.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type * as protobuf from 'protobufjs';
import { loadTestRoot, PKG, roundTrip, testCodec } from './testdata/load';

const LONG_FIELDS = {
  fInt64: ['0', '-1', '9007199254740993', '9223372036854775807', '-9223372036854775808'],
  fSint64: ['0', '-1', '9007199254740993', '9223372036854775807', '-9223372036854775808'],
  fSfixed64: ['0', '-1', '9007199254740993', '9223372036854775807', '-9223372036854775808'],
  fUint64: ['0', '9007199254740993', '18446744073709551615'],
  fFixed64: ['0', '9007199254740993', '18446744073709551615'],
};

/** The message protobufjs decodes from the bytes: proves what went on the wire. */
function onTheWire(json: string): protobuf.Message & Record<string, unknown> {
  const type = loadTestRoot().lookupType(`${PKG}.AllTypes`);
  return type.decode(testCodec().encodeJson(json)) as protobuf.Message & Record<string, unknown>;
}

describe('64-bit integers', () => {
  for (const [field, values] of Object.entries(LONG_FIELDS)) {
    test(`${field} keeps every digit at 0, -1, 2^53+1, max and min, given as a string or a bare number`, () => {
      for (const v of values) {
        const expected = v === '0' ? {} : { [field]: v };
        assert.deepEqual(roundTrip(`{"${field}": "${v}"}`), expected, `"${v}"`);
        assert.deepEqual(roundTrip(`{"${field}": ${v}}`), expected, v);
        if (v !== '0') assert.equal(String(onTheWire(`{"${field}": ${v}}`)[field]), v, `wire ${v}`);
      }
    });
  }
  test('exponent and fraction forms that denote integers are exact', () => {
    assert.deepEqual(roundTrip('{"fInt64": 1e3, "fUint64": 9.007199254740993e15, "ids": [1.0, "-2", 30E-1]}'), {
      fInt64: '1000',
      fUint64: '9007199254740993',
      ids: ['1', '-2', '3'],
    });
  });
  test('in a string only digits, as the reference reads them ("1e3" and "1.0" are refused)', () => {
    assert.throws(() => roundTrip('{"fInt64": "1e3"}'), /got "1e3" \(in a string only digits are read\)/);
    for (const text of ['"1e3"', '"1.0"', '" 1"', '"0x10"']) {
      assert.throws(() => roundTrip(`{"fInt64": ${text}}`), /\$\.fInt64: expected a 64-bit integer as a string or number/, text);
      assert.throws(() => roundTrip(`{"fInt32": ${text}}`), /\$\.fInt32: expected an integer \(int32\)/, text);
    }
  });
  test('in repeated fields and wrappers', () => {
    const ids = ['9223372036854775807', '-9223372036854775808', '0', '1'];
    assert.deepEqual(roundTrip({ ids, wUint64: '18446744073709551615' }), { ids, wUint64: '18446744073709551615' });
  });
});

describe('other scalars', () => {
  test('32-bit integers at their limits, from numbers or strings', () => {
    const json =
      '{"fInt32": -2147483648, "fUint32": "4294967295", "fSint32": 2147483647, "fFixed32": 4294967295, "fSfixed32": "-2147483648"}';
    assert.deepEqual(roundTrip(json), {
      fInt32: -2147483648,
      fUint32: 4294967295,
      fSint32: 2147483647,
      fFixed32: 4294967295,
      fSfixed32: -2147483648,
    });
  });
  test('floats: NaN, ±Infinity as strings, numbers from strings', () => {
    assert.deepEqual(roundTrip({ fDouble: 'NaN', fFloat: '-Infinity' }), { fDouble: 'NaN', fFloat: '-Infinity' });
    assert.deepEqual(roundTrip({ fDouble: '1.5e300', fFloat: 0.5 }), { fDouble: 1.5e300, fFloat: 0.5 });
    assert.deepEqual(roundTrip({ fDouble: 'Infinity' }), { fDouble: 'Infinity' });
  });
  test('bytes: standard and URL-safe base64, with or without padding; printed standard', () => {
    assert.deepEqual(roundTrip({ fBytes: '+/8=' }), { fBytes: '+/8=' });
    assert.deepEqual(roundTrip({ fBytes: '-_8' }), { fBytes: '+/8=' });
    assert.deepEqual(roundTrip({ fBytes: 'aGVsbG8' }), { fBytes: 'aGVsbG8=' });
  });
  test('strings keep any Unicode', () => {
    assert.deepEqual(roundTrip({ fString: 'ünï 😀 \u0000 "q"' }), { fString: 'ünï 😀 \u0000 "q"' });
  });
  test('defaults are not printed without emitDefaults', () => {
    assert.deepEqual(roundTrip({ fInt32: 0, fString: '', fBool: false, color: 'COLOR_UNSPECIFIED', ids: [] }), {});
  });
});

describe('field names', () => {
  test('the original proto name and the JSON name both work; output uses the JSON name', () => {
    assert.deepEqual(roundTrip({ f_int32: 1, choice_text: 'x', renamed: 'a' }), {
      fInt32: 1,
      choiceText: 'x',
      customName: 'a',
    });
    assert.deepEqual(roundTrip({ customName: 'b' }), { customName: 'b' });
  });
  test('null means unset', () => {
    assert.deepEqual(roundTrip({ fInt32: null, item: null, ids: null, labels: null, when: null }), {});
  });
});

describe('enums', () => {
  test('by name and by number; printed by name', () => {
    assert.deepEqual(roundTrip({ color: 'BLUE', colors: [1, 'GREEN', 3] }), {
      color: 'BLUE',
      colors: ['RED', 'GREEN', 'BLUE'],
    });
  });
  test('a number the (open) enum does not define is kept and printed as a number', () => {
    assert.deepEqual(roundTrip({ color: 7 }), { color: 7 });
  });
});

describe('maps', () => {
  test('64-bit, bool and sint32 keys; message and enum values', () => {
    const json = {
      namesById: { '9223372036854775807': 'max', '-9223372036854775808': 'min', '0': 'zero' },
      itemsById: { '18446744073709551615': { name: 'x', count: 1 } },
      flags: { true: 1, false: 0 },
      colorsByCode: { '-3': 'RED', '2': 2 },
      labels: { 'a b': 'c', '': 'empty key' },
    };
    assert.deepEqual(roundTrip(json), { ...json, colorsByCode: { '-3': 'RED', '2': 'GREEN' } });
  });
});

describe('oneof and optional', () => {
  test('each oneof member alone, a message member included', () => {
    assert.deepEqual(roundTrip({ choiceText: '' }), { choiceText: '' });
    assert.deepEqual(roundTrip({ choiceNumber: 0 }), { choiceNumber: 0 });
    assert.deepEqual(roundTrip({ choiceItem: {} }), { choiceItem: {} });
  });
  test('a oneof member set to null does not count', () => {
    assert.deepEqual(roundTrip({ choiceText: null, choiceNumber: 4 }), { choiceNumber: 4 });
  });
  test('proto3 optional: zero is present and printed, absent stays absent', () => {
    assert.deepEqual(roundTrip({ maybeCount: 0, maybeName: '' }), { maybeCount: 0, maybeName: '' });
    assert.deepEqual(roundTrip({}), {});
  });
});

describe('recursion and nesting', () => {
  test('a recursive tree', () => {
    const tree = {
      label: 'root',
      children: [
        { label: 'a', children: [{ label: 'a1' }] },
        { label: 'b', parent: { label: 'p' } },
      ],
    };
    assert.deepEqual(roundTrip({ tree }), { tree });
  });
  test('repeated messages with nested well-known types', () => {
    const items = [{ name: 'x', at: '2024-01-01T00:00:00Z' }, {}, { count: 3 }];
    assert.deepEqual(roundTrip({ items }), { items });
  });
});
