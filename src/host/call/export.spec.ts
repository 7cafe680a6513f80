import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as protobuf from 'protobufjs';
import { CallRecording } from '../../core/call/recording';
import { EventKind } from '../../core/call/types';
import { codecFor } from '../../core/json/codec';
import { EventText } from './event-text';
import { exportJsonLines, exportTimingsCsv } from './export';

const root = protobuf.parse('syntax = "proto3"; package t; message M { string text = 1; int64 big = 2; }').root;
const codec = codecFor(root, 't.M');

function recorded(n: number): CallRecording {
  const rec = new CallRecording();
  rec.record(EventKind.Start);
  rec.record(EventKind.Sent, 0, codec.encodeJson('{}'));
  for (let i = 0; i < n; i++) {
    const bytes = codec.encodeJson(JSON.stringify({ text: `m${i}`, big: '9007199254740993' }));
    rec.record(EventKind.Received, bytes.length, bytes);
  }
  rec.record(EventKind.Status);
  return rec;
}

test('JSON lines hold every event and each message as JSON, 64-bit integers intact', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'export-'));
  const rec = recorded(20_000);
  const text = new EventText(rec, '/t.S/M', codec, codec, false);
  const path = join(dir, 'call.jsonl');
  const progress: number[] = [];
  await exportJsonLines(path, rec.length, (i) => text.exportValue(i), { onProgress: (w) => progress.push(w) });
  const lines = readFileSync(path, 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(lines.length, 20_003);
  assert.equal(lines[0].kind, 'start');
  assert.deepEqual(lines[2].message, { text: 'm0', big: '9007199254740993' });
  assert.equal(lines[20_001].message.text, 'm19999');
  assert.equal(lines[2].gapUs, null, 'first message has no gap');
  assert.ok(progress.length > 1, 'written in several batches');
  rmSync(dir, { recursive: true });
});

test('CSV holds the timings of each event with a header row', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'export-'));
  const rec = recorded(3);
  const path = join(dir, 'timings.csv');
  await exportTimingsCsv(path, rec, rec.length);
  const rows = readFileSync(path, 'utf8').trimEnd().split('\n');
  assert.equal(rows[0], 'index,kind,t_us,gap_us,size_bytes,seq');
  assert.equal(rows.length, 1 + 6);
  assert.match(rows[3]!, /^2,received,\d+\.\d{3},,\d+,0$/);
  assert.match(rows[4]!, /^3,received,\d+\.\d{3},\d+\.\d{3},\d+,1$/);
  rmSync(dir, { recursive: true });
});

test('an aborted export stops between batches', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'export-'));
  const rec = recorded(50_000);
  const text = new EventText(rec, '/t.S/M', codec, codec, false);
  const abort = new AbortController();
  const run = exportJsonLines(join(dir, 'x.jsonl'), rec.length, (i) => text.exportValue(i), {
    signal: abort.signal,
    onProgress: () => abort.abort(),
  });
  await assert.rejects(run, { name: 'AbortError' });
  rmSync(dir, { recursive: true });
});
