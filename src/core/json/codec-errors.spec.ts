// Bad input never reaches the wire: each mistake a user can make in the
// request editor gets an InputError naming the JSON path and what was expected.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InputError } from '../errors';
import { testCodec } from './testdata/load';

/** Asserts that encoding `json` fails with exactly `message` ("<path>: <problem>"). */
function rejects(json: string, message: string, type = 'AllTypes'): void {
  assert.throws(
    () => testCodec(type).encodeJson(json),
    (e: unknown) => {
      assert.ok(e instanceof InputError, `expected an InputError, got ${String(e)}`);
      assert.equal(e.message, message);
      assert.equal(`${e.path}: ${e.problem}`, message);
      return true;
    },
  );
}

describe('invalid JSON', () => {
  test('names the line and column', () => {
    rejects(
      '{\n  "fInt32": 1,\n  "fString" "x"\n}',
      `$: invalid JSON at line 3 column 13: Colon ':' expected after property name but got '"'`,
    );
    rejects('{"fInt32": 1,}', `$: invalid JSON at line 1 column 14: Quoted object key expected but got '}'`);
    rejects('{"a": tru}', `$: invalid JSON at line 1 column 7: Object value expected after ':'`);
  });
  test('a key given twice with different values', () => {
    rejects('{"fInt32": 1,\n "fInt32": 2}', '$: invalid JSON at line 2 column 2: duplicate key "fInt32"');
  });
  test('an empty request says what to write instead', () => {
    rejects('  ', '$: the request is empty; write {} for a message with every field at its default');
  });
});

describe('fields', () => {
  test('an unknown field suggests the closest name', () => {
    rejects('{"itemz": []}', '$.itemz: unknown field "itemz" in explorer.jsontest.v1.AllTypes (did you mean "items"?)');
    rejects(
      '{"item": {"nmae": "x"}}',
      '$.item.nmae: unknown field "nmae" in explorer.jsontest.v1.Item (did you mean "name"?)',
    );
  });
  test('an unknown field with nothing close lists the fields of a small message', () => {
    rejects(
      '{"item": {"zzzzzz": 1}}',
      '$.item.zzzzzz: unknown field "zzzzzz" in explorer.jsontest.v1.Item (its fields: name, at, count)',
    );
  });
  test('the JSON name and the proto name of one field', () => {
    rejects('{"fInt32": 1, "f_int32": 2}', '$.f_int32: "f_int32" and "fInt32" name the same field; set it once');
  });
  test('two members of one oneof', () => {
    rejects(
      '{"choiceText": "a", "choiceItem": {}}',
      '$.choiceText / $.choiceItem: both set but are members of oneof "choice" of explorer.jsontest.v1.AllTypes; set only one',
    );
  });
  test('a message where an object belongs', () => {
    rejects('{"item": "x"}', '$.item: expected an object (explorer.jsontest.v1.Item), got "x"');
    rejects('[]', '$: expected an object (explorer.jsontest.v1.AllTypes), got an array');
  });
  test('repeated fields and maps', () => {
    rejects('{"tags": "a"}', '$.tags: expected an array (repeated string), got "a"');
    rejects('{"tags": ["a", null]}', '$.tags[1]: null is not allowed in a repeated field');
    rejects('{"labels": []}', '$.labels: expected an object (map<string, string>), got an array');
    rejects('{"labels": {"a": null}}', '$.labels.a: null is not allowed as a map value');
    rejects('{"namesById": {"abc": "x"}}', '$.namesById.abc: map key "abc" is not an integer (int64)');
    rejects('{"flags": {"yes": 1}}', '$.flags.yes: map key "yes" is not "true" or "false"');
    rejects(
      '{"itemsById": {"-1": {}}}',
      '$.itemsById["-1"]: -1 is out of range for uint64 (0 to 18446744073709551615)',
    );
    rejects('{"namesById": {"1": "a", "01": "b"}}', '$.namesById["01"]: map key "01" repeats key 1; set it once');
  });
});

describe('scalars', () => {
  test('integers', () => {
    rejects('{"item": {"count": "abc"}}', '$.item.count: expected an integer (int32), got "abc"');
    rejects('{"fInt32": 1.5}', '$.fInt32: expected an integer (int32), got 1.5');
    rejects('{"fInt32": 3000000000}', '$.fInt32: 3000000000 is out of range for int32 (-2147483648 to 2147483647)');
    rejects('{"fUint32": -1}', '$.fUint32: -1 is out of range for uint32 (0 to 4294967295)');
    rejects('{"fInt32": " 1"}', '$.fInt32: expected an integer (int32), got " 1"');
  });
  test('a huge number for a 32-bit field is an error, not a rounded value', () => {
    rejects(
      '{"fInt32": 9007199254740993}',
      '$.fInt32: 9007199254740993 is out of range for int32 (-2147483648 to 2147483647)',
    );
  });
  test('64-bit integers', () => {
    rejects('{"fInt64": 1.5}', '$.fInt64: expected a 64-bit integer as a string or number, got 1.5');
    rejects('{"ids": [1, true]}', '$.ids[1]: expected a 64-bit integer as a string or number, got true');
    rejects(
      '{"fInt64": 9223372036854775808}',
      '$.fInt64: 9223372036854775808 is out of range for int64 (-9223372036854775808 to 9223372036854775807)',
    );
    rejects(
      '{"fUint64": "18446744073709551616"}',
      '$.fUint64: 18446744073709551616 is out of range for uint64 (0 to 18446744073709551615)',
    );
    rejects('{"fFixed64": -1}', '$.fFixed64: -1 is out of range for fixed64 (0 to 18446744073709551615)');
  });
  test('floats, bools, strings, bytes', () => {
    rejects('{"fDouble": "abc"}', '$.fDouble: expected a number (double) or "NaN", "Infinity", "-Infinity", got "abc"');
    rejects('{"fFloat": 1e39}', '$.fFloat: 1e39 is out of range for float');
    rejects('{"fDouble": 1e999}', '$.fDouble: 1e999 is out of range for double');
    rejects('{"fBool": "true"}', '$.fBool: expected true or false, got "true"');
    rejects('{"fString": 5}', '$.fString: expected a string, got 5');
    rejects(
      '{"fBytes": "not base64!"}',
      '$.fBytes: expected base64 bytes (standard or URL-safe alphabet), got "not base64!"',
    );
    rejects(
      '{"fString": "\\ud800"}',
      '$.fString: the string has a lone UTF-16 surrogate at index 0; it cannot be UTF-8',
    );
    // found by the conformance test: a FieldMask's paths are strings on the wire too
    rejects('{"mask": "a\\udc00"}', '$.mask: the string has a lone UTF-16 surrogate at index 1; it cannot be UTF-8');
  });
  test('enums', () => {
    rejects(
      '{"color": "BLU"}',
      '$.color: unknown enum value "BLU" for explorer.jsontest.v1.Color (expected one of COLOR_UNSPECIFIED, RED, GREEN, BLUE; did you mean "BLUE"?)',
    );
    rejects(
      '{"colors": ["RED", "purple"]}',
      '$.colors[1]: unknown enum value "purple" for explorer.jsontest.v1.Color (expected one of COLOR_UNSPECIFIED, RED, GREEN, BLUE)',
    );
    rejects(
      '{"color": 1.5}',
      '$.color: expected an enum value of explorer.jsontest.v1.Color (one of COLOR_UNSPECIFIED, RED, GREEN, BLUE) or its number, got 1.5',
    );
  });
});

describe('well-known types', () => {
  test('Timestamp', () => {
    rejects(
      '{"items": [{}, {}, {"at": "yesterday"}]}',
      '$.items[2].at: expected an RFC 3339 timestamp, got "yesterday"',
    );
    rejects('{"when": "2023-02-29T00:00:00Z"}', '$.when: expected an RFC 3339 timestamp, got "2023-02-29T00:00:00Z"');
    rejects('{"when": "2024-01-01 00:00:00Z"}', '$.when: expected an RFC 3339 timestamp, got "2024-01-01 00:00:00Z"');
    rejects('{"when": 0}', '$.when: expected an RFC 3339 timestamp, got 0');
    rejects(
      '{"when": "0000-12-31T23:59:59Z"}',
      '$.when: timestamp "0000-12-31T23:59:59Z" is outside 0001-01-01T00:00:00Z … 9999-12-31T23:59:59Z',
    );
  });
  test('Duration', () => {
    rejects('{"timeout": "5 minutes"}', '$.timeout: expected a duration like "1.5s", got "5 minutes"');
    rejects('{"timeout": 5}', '$.timeout: expected a duration like "1.5s", got 5');
    rejects('{"timeout": "315576000001s"}', '$.timeout: duration "315576000001s" is outside ±315576000000s');
  });
  test('FieldMask, Struct, ListValue, Value', () => {
    rejects(
      '{"mask": "f_int64"}',
      '$.mask: field mask paths are lowerCamelCase in JSON ("fooBar", not "foo_bar"), got "f_int64"',
    );
    rejects(
      '{"mask": ["a"]}',
      '$.mask: expected a field mask like "name,address.city" (comma-separated paths), got an array',
    );
    rejects('{"attributes": [1]}', '$.attributes: expected an object (google.protobuf.Struct), got an array');
    rejects('{"list": {}}', '$.list: expected an array (google.protobuf.ListValue), got an object');
    rejects('{"attributes": {"a": {"b": [1e999]}}}', '$.attributes.a.b[0]: 1e999 is out of range for a double');
  });
  test('wrappers report as their scalar', () => {
    rejects('{"wInt32": "x"}', '$.wInt32: expected an integer (int32), got "x"');
    rejects('{"wBool": 1}', '$.wBool: expected true or false, got 1');
  });
  test('Any', () => {
    rejects(
      '{"detail": {"@type": "type.googleapis.com/foo.Bar"}}',
      '$.detail["@type"]: unknown type "type.googleapis.com/foo.Bar": no such message in the schema (load the .proto that defines it)',
    );
    rejects(
      '{"detail": {"name": "x"}}',
      '$.detail: "@type" is missing; an Any with fields needs "@type": "type.googleapis.com/<full type name>"',
    );
    rejects(
      '{"detail": {"@type": "type.googleapis.com/explorer.jsontest.v1.Item", "nam": "x"}}',
      '$.detail.nam: unknown field "nam" in explorer.jsontest.v1.Item (did you mean "name"?)',
    );
    rejects(
      '{"detail": {"@type": "type.googleapis.com/google.protobuf.Duration", "value": "soon"}}',
      '$.detail.value: expected a duration like "1.5s", got "soon"',
    );
    rejects(
      '{"detail": {"@type": "type.googleapis.com/google.protobuf.Duration", "seconds": 1}}',
      '$.detail.seconds: unknown field "seconds" in an Any holding google.protobuf.Duration; put its JSON in "value"',
    );
  });
});
