import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RowView } from '../src/shared/protocol';
import { leaves, PreviewModel } from './preview-model';

let index = 0;
const row = (kind: RowView['kind'], preview: string): RowView => ({ index: index++, kind, tUs: 0, gapUs: null, size: 1, seq: 0, preview });
const note = (lat: number, lng: number, message: string) =>
  row('received', `{"location":{"latitude":${lat},"longitude":${lng}},"message":"${message}"}`);

test('leaves of a nested message: dotted paths, array indexes, strings kept quoted, empty objects as one value', () => {
  assert.deepEqual(leaves('{"a":{"b":1,"c":[true,null]},"d":"x, \\"y\\"","e":{},"f":-1.5e3}'), [
    ['a.b', '1'],
    ['a.c[0]', 'true'],
    ['a.c[1]', 'null'],
    ['d', '"x, \\"y\\""'],
    ['e', '{}'],
    ['f', '-1.5e3'],
  ]);
});

test('a preview the host cut keeps the values before the cut and drops the one it went through', () => {
  assert.deepEqual(leaves('{"seq":"7","text":"a long te…'), [['seq', '"7"']]);
  assert.deepEqual(leaves('{"seq":"7","value":12…'), [['seq', '"7"']]);
});

test('text that is not a JSON object has no leaves', () => {
  assert.deepEqual(leaves('status OK'), []);
  assert.deepEqual(leaves('(12 bytes; payloads were not kept)'), []);
  assert.deepEqual(leaves('[1,2]'), []);
});

test('RouteNotes lead with the note and the coordinates that differ, not the shared "location" prefix', () => {
  const m = new PreviewModel();
  const rows = [note(1, 1, 'First message'), note(1, 2, 'Second message'), note(1, 3, 'Third message')];
  rows.forEach((r) => m.observe(r));
  assert.equal(m.text(rows[1]!), 'location.longitude: 2, message: "Second message"  │  location.latitude: 1');
});

test('one message alone, or messages that are all alike, keep their JSON as it is', () => {
  const m = new PreviewModel();
  const a = note(1, 1, 'same');
  m.observe(a);
  assert.equal(m.text(a), a.preview);
  const b = note(1, 1, 'same');
  m.observe(b);
  assert.equal(m.text(b), b.preview);
});

test('a field that proto3 JSON leaves out (its default) in some messages counts as changing', () => {
  const m = new PreviewModel();
  const first = row('received', '{"text":"constant","seq":"1"}');
  const zero = row('received', '{"text":"constant"}');
  m.observe(first);
  m.observe(zero);
  assert.equal(m.text(first), 'seq: "1"  │  text: "constant"');
  assert.equal(m.text(zero), 'text: "constant"');
});

test('sent and received messages learn apart: a request that never changes stays as typed', () => {
  const m = new PreviewModel();
  const sent = [row('sent', '{"value":"1"}'), row('sent', '{"value":"1"}')];
  const received = [row('received', '{"value":"2","at":"a"}'), row('received', '{"value":"2","at":"b"}')];
  [...sent, ...received].forEach((r) => m.observe(r));
  assert.equal(m.text(sent[1]!), '{"value":"1"}');
  assert.equal(m.text(received[1]!), 'at: "b"  │  value: "2"');
});

test('rows that are not messages are never rewritten', () => {
  const m = new PreviewModel();
  m.observe(row('received', '{"a":1}'));
  m.observe(row('received', '{"a":2}'));
  const status = row('status', 'status OK');
  m.observe(status);
  assert.equal(m.text(status), 'status OK');
});

test('the version grows when a field starts to change (drawn rows are drawn again), and a reset forgets', () => {
  const m = new PreviewModel();
  const a = row('received', '{"a":1,"b":1}');
  m.observe(a);
  const v0 = m.version;
  m.observe(row('received', '{"a":1,"b":1}'));
  assert.equal(m.version, v0, 'nothing changed');
  m.observe(row('received', '{"a":1,"b":2}'));
  assert.ok(m.version > v0);
  assert.equal(m.text(a), 'b: 1  │  a: 1');
  m.reset();
  assert.equal(m.text(a), a.preview);
});

test('a row seen twice is learned once, and a cut preview keeps its mark at the end', () => {
  const m = new PreviewModel();
  const cut = row('received', '{"seq":"1","payload":"AAAA…');
  m.observe(cut);
  m.observe(cut);
  m.observe(row('received', '{"seq":"2","payload":"AAAA…'));
  assert.equal(m.text(cut), 'seq: "1" …', 'the payload after the cut is not claimed to change');
});
