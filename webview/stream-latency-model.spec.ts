import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { OneWayView, RoundTripView } from '../src/shared/protocol';
import { clockNote, latencyQuestion, oneWayExtras, orderNote, roundTripExtras } from './stream-latency-model';

test('pairing by order asks without a correlation path; an empty stamp path lets the host find it', () => {
  assert.deepEqual(latencyQuestion('order', '$.ignored', '  '), {
    ok: true,
    question: { pairing: 'order', correlation: null, stampPath: null },
  });
});

test('pairing by a field sends the trimmed path, and the stamp path when given', () => {
  assert.deepEqual(latencyQuestion('field', ' $.seq=$.request_seq ', ' $.server_send_unix_micros'), {
    ok: true,
    question: { pairing: 'field', correlation: '$.seq=$.request_seq', stampPath: '$.server_send_unix_micros' },
  });
});

test('pairing by a field without a path asks nothing and says what to type', () => {
  const q = latencyQuestion('field', '   ', '');
  assert.equal(q.ok, false);
  if (!q.ok) assert.match(q.roundTripProblem, /correlation id’s path, e\.g\. \$\.id/);
});

const figures = { count: 3, minUs: 1, p50Us: 2, p95Us: 3, p99Us: 3, maxUs: 3, meanUs: 2 };
const series = { seq: [1], valueUs: [2] };

test('unpaired requests and replies are listed only when there are some', () => {
  const rt: RoundTripView = {
    pairing: 'order',
    correlation: null,
    unmatchedRequests: 0,
    unmatchedResponses: 0,
    figures,
    series,
  };
  assert.deepEqual(roundTripExtras(rt), []);
  assert.deepEqual(roundTripExtras({ ...rt, unmatchedRequests: 1200, unmatchedResponses: 1 }), [
    ['Unpaired', '1,200 req · 1 replies'],
  ]);
});

test('the one-way stamp line says when the host found the field itself', () => {
  const ow: OneWayView = { stampPath: '$.server_send_unix_micros', detected: true, unstamped: 0, figures, series };
  assert.deepEqual(oneWayExtras(ow), [['Stamp', '$.server_send_unix_micros (found)']]);
  assert.deepEqual(oneWayExtras({ ...ow, detected: false }), [['Stamp', '$.server_send_unix_micros']]);
});

test('more replies than requests paired by order: the panel says order pairing is unreliable here and offers a field', () => {
  // routeguide's RouteChat: 4 notes sent, 11 received; the host paired 3 and left the rest unpaired.
  const rt: RoundTripView = { pairing: 'order', correlation: null, unmatchedRequests: 1, unmatchedResponses: 8, figures, series };
  assert.match(orderNote(rt), /^4 requests, 11 replies: pairing by order is unreliable here .*Pair by a field/);
  assert.equal(orderNote({ ...rt, unmatchedRequests: 0, unmatchedResponses: 0 }), '', 'every request paired: no note');
  assert.equal(orderNote({ ...rt, pairing: 'field', correlation: '$.id' }), '', 'paired by a field: no note');
});

test('a one-way delay below zero is put down to the two clocks, naming the offset; none below zero, no note', () => {
  const ow: OneWayView = { stampPath: '$.t', detected: false, unstamped: 0, figures: { ...figures, minUs: -1500 }, series };
  assert.match(clockNote(ow), /the server's clock is behind this machine's by at least 1\.500 ms/);
  assert.equal(clockNote({ ...ow, figures }), '');
});
