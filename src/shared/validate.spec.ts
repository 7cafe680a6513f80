import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFromWebview, parsePersistedState } from './validate';

test('well-formed messages pass and come back with only their known fields', () => {
  assert.deepEqual(parseFromWebview({ type: 'ready', extra: 'ignored' }), { type: 'ready' });
  assert.deepEqual(
    parseFromWebview({
      type: 'start',
      requestId: 1,
      text: '{}',
      metadata: [['authorization', 'Bearer x']],
      deadlineMs: 5000,
      x: 1,
    }),
    { type: 'start', requestId: 1, text: '{}', metadata: [['authorization', 'Bearer x']], deadlineMs: 5000 },
  );
  assert.deepEqual(parseFromWebview({ type: 'start', requestId: 2, text: null, metadata: [], deadlineMs: null }), {
    type: 'start',
    requestId: 2,
    text: null,
    metadata: [],
    deadlineMs: null,
  });
  assert.deepEqual(parseFromWebview({ type: 'getRows', requestId: 3, callId: 1, start: 999_000, count: 120 }), {
    type: 'getRows',
    requestId: 3,
    callId: 1,
    start: 999_000,
    count: 120,
  });
  assert.deepEqual(parseFromWebview({ type: 'setFilter', kinds: ['sent', 'received', 'sent'], search: 'abc' }), {
    type: 'setFilter',
    kinds: ['sent', 'received'],
    search: 'abc',
  });
  assert.deepEqual(parseFromWebview({ type: 'export', format: 'csv' }), { type: 'export', format: 'csv' });
  assert.deepEqual(parseFromWebview({ type: 'view', shown: 'timing', extra: 1 }), { type: 'view', shown: 'timing' });
});

test('hostile or malformed messages are dropped', () => {
  const bad: unknown[] = [
    null,
    undefined,
    42,
    'ready',
    [],
    [{ type: 'ready' }],
    {},
    { type: 'nope' },
    { type: 'toString' },
    { type: '__proto__' },
    { type: 'hasOwnProperty' },
    { type: 'start', requestId: -1, text: '{}', metadata: [], deadlineMs: null },
    { type: 'start', requestId: 1.5, text: '{}', metadata: [], deadlineMs: null },
    { type: 'start', requestId: 1, text: 7, metadata: [], deadlineMs: null },
    { type: 'start', requestId: 1, text: '{}', metadata: [['k']], deadlineMs: null },
    { type: 'start', requestId: 1, text: '{}', metadata: [['k', 1]], deadlineMs: null },
    { type: 'start', requestId: 1, text: '{}', metadata: { k: 'v' }, deadlineMs: null },
    { type: 'start', requestId: 1, text: '{}', metadata: [], deadlineMs: -5 },
    { type: 'start', requestId: 1, text: '{}', metadata: [], deadlineMs: Infinity },
    { type: 'start', requestId: 1, text: '{}', metadata: [], deadlineMs: '100' },
    { type: 'start', requestId: 1, text: '{}', metadata: [] },
    {
      type: 'start',
      requestId: 1,
      text: '{}',
      metadata: Array.from({ length: 300 }, () => ['k', 'v']),
      deadlineMs: null,
    },
    { type: 'send', requestId: 1 },
    { type: 'send', requestId: 1, text: { toString: () => '{}' } },
    { type: 'getRows', requestId: 1, callId: 1, start: 0, count: 1_000_000 },
    { type: 'getRows', requestId: 1, callId: 1, start: NaN, count: 10 },
    { type: 'getRows', requestId: 1, callId: '1', start: 0, count: 10 },
    { type: 'getMessage', requestId: 1, callId: 1, index: 2 ** 60 },
    { type: 'setFilter', kinds: ['sent', 'constructor'], search: '' },
    { type: 'setFilter', kinds: 'sent', search: '' },
    { type: 'setFilter', kinds: [], search: 'x'.repeat(5000) },
    { type: 'export', format: '../../etc/passwd' },
    { type: 'view', shown: 'toString' },
    { type: 'view', shown: ['timing'] },
    { type: 'view' },
  ];
  for (const raw of bad) assert.equal(parseFromWebview(raw), undefined, `accepted ${JSON.stringify(raw)}`);
});

test('a prototype-polluting payload does not leak through', () => {
  const raw = JSON.parse('{"type":"cancel","__proto__":{"polluted":true}}');
  const parsed = parseFromWebview(raw);
  assert.deepEqual(parsed, { type: 'cancel' });
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('restored panel state is checked like any other input', () => {
  assert.deepEqual(
    parsePersistedState({ sessionId: 's', methodFullName: 'a.B/C', editorText: '{}', deadlineMs: 100 }),
    {
      sessionId: 's',
      methodFullName: 'a.B/C',
      editorText: '{}',
      metadata: undefined,
      deadlineMs: 100,
    },
  );
  assert.equal(parsePersistedState({ sessionId: 's', methodFullName: 3, editorText: '{}' }), undefined);
  assert.equal(parsePersistedState(undefined), undefined);
});

test('a restored panel keeps its prepared stream messages; a malformed queue is dropped, the rest of the state kept', () => {
  const base = { sessionId: 's', methodFullName: 'a.B/C', editorText: '{}' };
  const queue = {
    messages: [
      { text: '{"v": 1}', waitForServer: false },
      { text: '{"v": 2}', waitForServer: true },
    ],
    next: 1,
  };
  assert.deepEqual(parsePersistedState({ ...base, queue })?.queue, queue);
  const keptOpen = { ...queue, endAfterLast: false };
  assert.deepEqual(parsePersistedState({ ...base, queue: keptOpen })?.queue, keptOpen, '"Send all" keeps the stream open');
  for (const bad of [
    { ...queue, endAfterLast: 'no' },
    { ...queue, next: 3 },
    { ...queue, next: -1 },
    { messages: [{ text: 1, waitForServer: false }], next: 0 },
    { messages: [{ text: '{}', waitForServer: 'yes' }], next: 0 },
    { messages: 'x', next: 0 },
  ]) {
    const restored = parsePersistedState({ ...base, queue: bad });
    assert.equal(restored?.editorText, '{}');
    assert.equal(restored?.queue, undefined, JSON.stringify(bad));
  }
});

const RUN = {
  type: 'runStart',
  text: '{"value": "0"}',
  metadata: [],
  deadlineMs: null,
  mode: 'calls',
  total: 500,
  concurrency: 1,
  rate: null,
  durationMs: null,
  chain: '$.value',
};

test('a latency run request passes with its fields; hostile values are dropped', () => {
  assert.deepEqual(parseFromWebview({ ...RUN, extra: 1 }), RUN);
  assert.deepEqual(parseFromWebview({ ...RUN, total: null, durationMs: 2000 }), {
    ...RUN,
    total: null,
    durationMs: 2000,
  });
  for (const bad of [
    { mode: 'turbo' },
    { total: 0 },
    { total: 1.5 },
    { total: 1e12 },
    { total: null, durationMs: null }, // neither a count nor a duration: it would never end
    { concurrency: 0 },
    { concurrency: 100_000 },
    { rate: -1 },
    { rate: Infinity },
    { chain: '' },
    { chain: 5 },
    { metadata: [['k']] },
    { text: 42 },
  ]) {
    assert.equal(parseFromWebview({ ...RUN, ...bad }), undefined, JSON.stringify(bad));
  }
});

test('run export, cancel and clear; lab start, control and export', () => {
  assert.deepEqual(parseFromWebview({ type: 'runExport', runId: 3, format: 'k6' }), {
    type: 'runExport',
    runId: 3,
    format: 'k6',
  });
  assert.equal(parseFromWebview({ type: 'runExport', runId: 3, format: 'exe' }), undefined);
  assert.equal(parseFromWebview({ type: 'runExport', runId: '3', format: 'json' }), undefined);
  assert.deepEqual(parseFromWebview({ type: 'runCancel', x: 1 }), { type: 'runCancel' });
  assert.deepEqual(parseFromWebview({ type: 'runsClear' }), { type: 'runsClear' });
  const lab = {
    type: 'labStart',
    text: '{}',
    metadata: [],
    count: 300,
    size: 1024,
    consumerDelayMs: 10,
    windowBytes: null,
  };
  assert.deepEqual(parseFromWebview(lab), lab);
  for (const bad of [
    { consumerDelayMs: -5 },
    { consumerDelayMs: 1e9 },
    { windowBytes: 0 },
    { count: 'many' },
    { size: -1 },
  ]) {
    assert.equal(parseFromWebview({ ...lab, ...bad }), undefined, JSON.stringify(bad));
  }
  assert.deepEqual(parseFromWebview({ type: 'labControl', action: 'pause' }), { type: 'labControl', action: 'pause' });
  assert.equal(parseFromWebview({ type: 'labControl', action: 'explode' }), undefined);
  assert.deepEqual(parseFromWebview({ type: 'labExport', format: 'csv' }), { type: 'labExport', format: 'csv' });
});

test('a stream latency request passes with its paths; a field pairing without a path is dropped', () => {
  const ask = {
    type: 'streamLatency',
    requestId: 4,
    callId: 2,
    pairing: 'field',
    correlation: '$.seq=$.request_seq',
    stampPath: null,
  };
  assert.deepEqual(parseFromWebview({ ...ask, extra: 1 }), ask);
  assert.deepEqual(parseFromWebview({ ...ask, pairing: 'order', correlation: null }), {
    ...ask,
    pairing: 'order',
    correlation: null,
  });
  for (const bad of [
    { correlation: null },
    { pairing: 'random' },
    { stampPath: '   ' },
    { stampPath: 5 },
    { callId: -1 },
    { correlation: 'x'.repeat(5000) },
  ]) {
    assert.equal(parseFromWebview({ ...ask, ...bad }), undefined, JSON.stringify(bad));
  }
});

test('Save to .http passes with its messages, metadata and deadline; malformed ones are dropped', () => {
  const ok = {
    type: 'saveToHttp',
    messages: [
      { text: '{"a": 1}', waitForServer: false },
      { text: '{}', waitForServer: true },
    ],
    metadata: [['x-id', '7']],
    deadlineMs: 5000,
  };
  assert.deepEqual(parseFromWebview({ ...ok, extra: true }), ok);
  for (const bad of [
    { ...ok, messages: '{}' },
    { ...ok, messages: [1] },
    { ...ok, messages: ['{}'] },
    { ...ok, messages: [{ text: '{}' }] },
    { ...ok, messages: new Array(10_001).fill({ text: '{}', waitForServer: false }) },
    { ...ok, metadata: [['k']] },
    { ...ok, deadlineMs: 0 },
  ])
    assert.equal(parseFromWebview(bad), undefined, JSON.stringify(bad).slice(0, 80));
});
