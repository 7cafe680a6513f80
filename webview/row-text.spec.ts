import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ROW_KINDS, type RowView } from '../src/shared/protocol';
import { describeRow, kindIcon } from './row-text';

test('a message row reads as its columns do: kind, number from 1, time, gap, size and preview', () => {
  const r: RowView = {
    index: 7,
    kind: 'received',
    tUs: 1448.775,
    gapUs: 968.055,
    size: 2,
    seq: 2,
    preview: '{"value":"11"}',
  };
  assert.equal(describeRow(r), 'received #3 at 1.449 ms, gap 0.968 ms, 2 bytes: {"value":"11"}');
});

test('a row that is not a message has no number and no gap', () => {
  const r: RowView = { index: 0, kind: 'status', tUs: 5547.629, gapUs: null, size: 0, seq: -1, preview: 'status OK' };
  assert.equal(describeRow(r), 'status at 5.548 ms, gap —, 0 bytes: status OK');
});

test('every row kind has an icon of its own', () => {
  const icons = ROW_KINDS.map(kindIcon);
  assert.equal(new Set(icons).size, ROW_KINDS.length);
  assert.equal(kindIcon('sent'), 'arrow-up');
  assert.equal(kindIcon('received'), 'arrow-down');
});
