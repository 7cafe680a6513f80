import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as protobuf from 'protobufjs';
import { codecFor } from '../json/codec';
import { parseFieldPath, getField } from './field-path';
import { stampToEpochUs } from './one-way';
import { wireStampReader } from './stamp-reader';

const root = protobuf.parse(`
  syntax = "proto3";
  package t;
  message Inner { int64 stamp = 1; string s = 2; }
  message M {
    int64 i64 = 1; uint64 u64 = 2; sint64 s64 = 3; fixed64 f64 = 4; sfixed64 sf64 = 5;
    int32 i32 = 6; uint32 u32 = 7; sint32 s32 = 8; fixed32 f32 = 9; sfixed32 sf32 = 10;
    string text = 11; bytes payload = 12; Inner inner = 13; repeated int64 many = 14;
    double d = 15; optional int64 opt = 16; int64 renamed = 17 [json_name = "other"];
    oneof pick { int64 in_oneof = 18; string other_pick = 19; }
  }
`).root;
const type = root.lookupType('t.M');
const codec = codecFor(root, 't.M');

/** A seeded generator (mulberry32): the same cases on every run. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 64-bit values that matter: 0, ±1, around 2^31, 2^32, 2^53, the extremes, and random ones. */
function int64Value(r: () => number, unsigned: boolean): string {
  const edges = unsigned
    ? ['0', '1', '2147483648', '4294967295', '4294967296', '9007199254740993', '18446744073709551615', '1733150000123456']
    : ['0', '1', '-1', '-2147483648', '4294967296', '9007199254740993', '-9007199254740993', '9223372036854775807', '-9223372036854775808', '1733150000123456'];
  if (r() < 0.3) return edges[Math.floor(r() * edges.length)]!;
  const big = BigInt(Math.floor(r() * 2 ** 32)) * 2n ** BigInt(Math.floor(r() * 31)) + BigInt(Math.floor(r() * 2 ** 20));
  return String(unsigned ? big : r() < 0.5 ? -big : big);
}

function int32Value(r: () => number, unsigned: boolean): number {
  const edges = unsigned ? [0, 1, 2147483648, 4294967295] : [0, 1, -1, 2147483647, -2147483648];
  if (r() < 0.3) return edges[Math.floor(r() * edges.length)]!;
  const v = Math.floor(r() * 2 ** 32);
  return unsigned ? v : v | 0;
}

function randomMessage(r: () => number): Record<string, unknown> {
  const m: Record<string, unknown> = {};
  const maybe = (k: string, v: () => unknown) => {
    if (r() < 0.7) m[k] = v();
  };
  maybe('i64', () => int64Value(r, false));
  maybe('u64', () => int64Value(r, true));
  maybe('s64', () => int64Value(r, false));
  maybe('f64', () => int64Value(r, true));
  maybe('sf64', () => int64Value(r, false));
  maybe('i32', () => int32Value(r, false));
  maybe('u32', () => int32Value(r, true));
  maybe('s32', () => int32Value(r, false));
  maybe('f32', () => int32Value(r, true));
  maybe('sf32', () => int32Value(r, false));
  maybe('text', () => 'x'.repeat(Math.floor(r() * 200)));
  maybe('payload', () => Buffer.alloc(Math.floor(r() * 300), 7).toString('base64'));
  maybe('inner', () => ({ stamp: int64Value(r, false), s: 'i' }));
  maybe('many', () => [int64Value(r, false), int64Value(r, false)]);
  maybe('d', () => r() * 1e6);
  maybe('opt', () => int64Value(r, false));
  maybe('renamed', () => int64Value(r, false));
  if (r() < 0.5) maybe('inOneof', () => int64Value(r, false));
  else maybe('otherPick', () => 'p');
  return m;
}

const FIELDS = ['i64', 'u64', 's64', 'f64', 'sf64', 'i32', 'u32', 's32', 'f32', 'sf32'];

test('a stamp read off the wire agrees with decoding the message, for every integer type, edge values and repeated occurrences', () => {
  const r = rng(20261202);
  const readers = new Map(FIELDS.map((f) => [f, wireStampReader(type, parseFieldPath(`$.${f}`))!]));
  let answered = 0;
  for (let i = 0; i < 3000; i++) {
    let bytes = codec.encodeJson(JSON.stringify(randomMessage(r)));
    // A field that occurs twice on the wire: the last occurrence wins, in the decoder and here.
    if (i % 5 === 0) bytes = Buffer.concat([bytes, codec.encodeJson(JSON.stringify(randomMessage(r)))]);
    const decoded = codec.decode(bytes);
    for (const f of FIELDS) {
      const fromWire = readers.get(f)!(bytes);
      const slow = stampToEpochUs(getField(decoded, parseFieldPath(`$.${f}`)));
      if (fromWire !== undefined) {
        answered++;
        assert.equal(fromWire, slow, `case ${i}, ${f}: wire ${fromWire}, decoded ${String(slow)}`);
      } else assert.ok(slow === undefined || slow === 0, `case ${i}, ${f}: left ${String(slow)} to the decoder`);
    }
  }
  assert.ok(answered > 3000 * FIELDS.length * 0.5, `the wire answered ${answered} times`);
});

test('snake_case and lowerCamel paths name the same field; other paths are left to the decoder', () => {
  assert.ok(wireStampReader(type, parseFieldPath('$.in_oneof')) === undefined, 'a oneof member (another member may clear it)');
  assert.ok(wireStampReader(type, parseFieldPath('$.opt')) === undefined, 'proto3 optional (a present 0 prints)');
  assert.ok(wireStampReader(type, parseFieldPath('$.renamed')) === undefined, 'a custom json_name');
  assert.ok(wireStampReader(type, parseFieldPath('$.inner.stamp')) === undefined, 'a nested path');
  assert.ok(wireStampReader(type, parseFieldPath('$.many')) === undefined, 'a repeated field');
  assert.ok(wireStampReader(type, parseFieldPath('$.d')) === undefined, 'a double');
  const bytes = codec.encodeJson('{"i64":"1733150000123456"}');
  assert.equal(wireStampReader(type, parseFieldPath('$.i64'))!(bytes), 1733150000123456);
  const t2 = protobuf.parse('syntax = "proto3"; message S { int64 server_send_unix_micros = 5; }').root.lookupType('S');
  const b2 = t2.encode(t2.fromObject({ serverSendUnixMicros: '1733150000123457' })).finish();
  for (const path of ['$.server_send_unix_micros', '$.serverSendUnixMicros'])
    assert.equal(wireStampReader(t2, parseFieldPath(path))!(b2), 1733150000123457, path);
});

test('malformed bytes are left to the decoder', () => {
  const read = wireStampReader(type, parseFieldPath('$.i64'))!;
  assert.equal(read(Uint8Array.of(0x08)), undefined, 'a truncated varint');
  assert.equal(read(Uint8Array.of(0x5a, 0x05, 0x41)), undefined, 'a string longer than the message');
  assert.equal(read(Uint8Array.of(0x0b, 0x08, 0x01, 0x0c)), undefined, 'a group');
  assert.equal(read(Uint8Array.of(0x0a, 0x01, 0x05)), undefined, 'the field with a length-delimited wire type');
});
