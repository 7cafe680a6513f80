// -0 is a double of its own: the wire keeps its sign bit, so the JSON must too,
// both ways, wherever a double or float can be (as the reference, json_format, does).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as protobuf from 'protobufjs';
import { codecFor } from './codec';
import { testCodec } from './testdata/load';

const ZERO_BITS = /^0+$/;

describe('negative zero', () => {
  test('a double and a float field send the sign bit and print -0.0', () => {
    const codec = testCodec();
    const bytes = codec.encodeJson('{"fDouble": -0, "fFloat": -0.0}');
    const message = codec.decode(bytes) as { fDouble: number; fFloat: number };
    assert.ok(Object.is(message.fDouble, -0) && Object.is(message.fFloat, -0), JSON.stringify(message));
    assert.equal(codec.decodeToText(bytes), '{"fDouble":-0.0,"fFloat":-0.0}');
    assert.equal(codec.decodeToText(codec.encodeJson('{"fDouble": 0}')), '{}', '+0 is the default and stays off the wire');
  });
  test('in wrappers, in a Value, and inside an Any', () => {
    const codec = testCodec();
    const input = '{"detail":{"@type":"type.googleapis.com/google.protobuf.DoubleValue","value":-0},"anything":-0,"wDouble":-0,"wFloat":-0}';
    const text = codec.decodeToText(codec.encodeJson(input));
    assert.equal(text, input.replace(/-0/g, '-0.0'));
    const back = JSON.parse(text) as { wDouble: number; wFloat: number; anything: number; detail: { value: number } };
    for (const v of [back.wDouble, back.wFloat, back.anything, back.detail.value]) assert.ok(Object.is(v, -0), text);
  });
  test('in repeated doubles, packed and unpacked', () => {
    const root = protobuf.parse(
      'syntax = "proto3"; message R { repeated double packed = 1; repeated double unpacked = 2 [packed = false]; }',
    ).root;
    const codec = codecFor(root, 'R');
    const bytes = codec.encodeJson('{"packed": [-0, 0, -0.0], "unpacked": [-0]}');
    assert.equal(codec.decodeToText(bytes), '{"packed":[-0.0,0,-0.0],"unpacked":[-0.0]}');
    // the last 8 bytes are the unpacked -0: sign bit set, the rest zero
    assert.equal(bytes[bytes.length - 1], 0x80);
    assert.match(Buffer.from(bytes.subarray(bytes.length - 8, bytes.length - 1)).toString('hex'), ZERO_BITS);
  });
});
