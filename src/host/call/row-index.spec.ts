import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CallRecording } from '../../core/call/recording';
import { EventKind } from '../../core/call/types';
import * as protobuf from 'protobufjs';
import { codecFor } from '../../core/json/codec';
import { bytePrefilter, RowIndex } from './row-index';

const ALL = 9;

function recording(n: number): CallRecording {
  const rec = new CallRecording();
  rec.record(EventKind.Start);
  for (let i = 0; i < n; i++)
    rec.record(i % 10 === 0 ? EventKind.Sent : EventKind.Received, 1, new Uint8Array([i & 0xff]));
  rec.record(EventKind.Status);
  return rec;
}

test('without a filter the timeline is every event, with nothing to scan', () => {
  const rec = recording(100);
  const index = new RowIndex(rec, { kinds: new Set([0, 1, 2, 3, 4, 5, 6, 7, 8]), search: '' }, () => '', ALL);
  assert.equal(index.total, 102);
  assert.equal(index.scanning, false);
  assert.equal(index.indexAt(57), 57);
});

test('a direction filter keeps only those rows, in order', () => {
  const rec = recording(1000);
  const index = new RowIndex(rec, { kinds: new Set([EventKind.Sent]), search: '' }, () => '', ALL);
  assert.equal(index.scan(1000), true);
  assert.equal(index.total, 100);
  assert.equal(index.indexAt(0), 1);
  assert.equal(index.indexAt(1), 11);
});

test('a search runs in slices: a long search never holds the host for more than its budget', () => {
  const rec = recording(100_000);
  let clock = 0;
  const now = () => clock++; // every clock read is 1 ms later: each slice ends at its first check
  const text = (i: number) => (i % 1000 === 0 ? 'Needle here' : 'hay');
  const index = new RowIndex(
    rec,
    { kinds: new Set([EventKind.Received, EventKind.Sent]), search: 'needle' },
    text,
    ALL,
  );
  let slices = 0;
  while (!index.scan(0, now)) slices++;
  assert.ok(slices > 100, `${slices} slices`);
  assert.equal(index.total, 100, 'every thousandth event matches, case-insensitively');
  assert.equal(index.indexAt(0), 1000);
  rec.record(EventKind.Received, 1, new Uint8Array([1]));
  assert.equal(index.scanning, true, 'new events wait to be examined');
});

test('byte prefilter: only needles that can occur inside string values alone qualify', () => {
  assert.ok(bytePrefilter('hello world'), 'a space never appears outside strings in compact JSON');
  assert.ok(bytePrefilter('order #12'));
  for (const needle of ['500000', 'seq', '"text":"a b"', 'a\\b', 'caf\u00e9 au lait', '-1.5e3'])
    assert.equal(bytePrefilter(needle), undefined, `${needle}: decode every message`);
});

test('byte prefilter never rejects a message whose JSON text holds the needle, and rejects the plain others', () => {
  const root = protobuf.parse(`
    syntax = "proto3";
    message M { string text = 1; bytes blob = 2; int64 n = 3; repeated string tags = 4; M child = 5; }`).root;
  const codec = codecFor(root, 'M');
  const messages = [
    { text: 'say Hello World now' },
    { text: 'hello  world' },
    { tags: ['x', 'HELLO WORLD!'] },
    { child: { text: 'deep hello world' } },
    { blob: Buffer.from('hello world').toString('base64') },
    { text: 'caf\u00e9 hello world' },
    { text: 'HELLO WORLD \u0130' },
    { text: 'hello wor\u212Ald' },
    { text: 'o \u212A w' },
    { n: '1234567890123', text: '\u00fc hello world' },
    { text: 'nothing to see', n: '42' },
    { text: 'hello', tags: ['world'] },
  ];
  for (const needle of ['hello world', 'o w', 'hello world!', 'o k w', 'k w']) {
    const prefilter = bytePrefilter(needle)!;
    for (const m of messages) {
      const bytes = codec.encodeJson(JSON.stringify(m));
      const holds = codec.decodeToText(bytes, { emitDefaults: true, indent: 0 }).toLowerCase().includes(needle);
      if (holds) assert.equal(prefilter(bytes), false, `${JSON.stringify(m)} holds "${needle}": never rejected`);
    }
  }
  const plain = codec.encodeJson('{"text":"nothing to see","n":"42"}');
  assert.equal(bytePrefilter('hello world')!(plain), true, 'a message without the bytes is rejected undecoded');
});

test('a filter matching hundreds of thousands of rows keeps each one in order across its pages', () => {
  const rec = recording(300_000);
  const index = new RowIndex(rec, { kinds: new Set([EventKind.Received]), search: '' }, () => '', ALL);
  assert.equal(index.scan(60_000), true);
  assert.equal(index.total, 270_000);
  // Received events are the indexes 1..300,000 that are not 1 + a multiple of 10.
  const expected = (pos: number) => 1 + Math.floor(pos / 9) * 10 + (pos % 9) + 1;
  for (const pos of [0, 1, 8, 9, 1023, 1024, 65_535, 65_536, 65_537, 131_072, 269_999])
    assert.equal(index.indexAt(pos), expected(pos), `row ${pos}`);
});
