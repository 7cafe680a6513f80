import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addToHistory, type HistoryEntry } from './history';
import { keptNote } from './history-note';

const entry = (id: string, metadata: [string, string][] = []): HistoryEntry => ({
  id,
  at: 0,
  origin: 'codelens',
  target: 'h:1',
  tls: false,
  method: 'p.S/M',
  metadata,
  messages: ['{}'],
  codeName: 'OK',
  durationMs: 1,
  sent: 1,
  received: 1,
});

test('newest first, bounded by the setting', () => {
  let h: HistoryEntry[] = [];
  for (const id of ['a', 'b', 'c', 'd']) h = addToHistory(h, entry(id), 3);
  assert.deepEqual(
    h.map((e) => e.id),
    ['d', 'c', 'b'],
  );
  assert.deepEqual(addToHistory(h, entry('e'), 0), []);
});

test('credentials never kept in clear; variables and ordinary values stay as written', () => {
  const [e] = addToHistory(
    [],
    entry('a', [
      ['Authorization', 'Bearer abc'],
      ['x-api-key', 'k'],
      ['x-token', '{{token}}'],
      ['x-id', '7'],
    ]),
    10,
  );
  assert.deepEqual(e!.metadata, [
    ['Authorization', '{{authorization}}'],
    ['x-api-key', '{{x_api_key}}'],
    ['x-token', '{{token}}'],
    ['x-id', '7'],
  ]);
});

test('an entry that kept only the first stream messages says so; one that kept all says nothing', () => {
  const many = { ...entry('s'), messages: Array.from({ length: 100 }, () => '{}'), sent: 3412 };
  assert.equal(keptNote(many), '100 of 3,412 messages kept');
  assert.equal(keptNote(entry('u')), undefined, 'a unary call kept its request');
  assert.equal(keptNote({ ...entry('c'), messages: [], sent: 0 }), undefined);
  assert.equal(
    keptNote({ ...entry('r'), sent: 500, calls: { count: 500, failed: 0, label: 'fixed' } }),
    undefined,
    'a Runner entry counts calls, not stream messages',
  );
});
