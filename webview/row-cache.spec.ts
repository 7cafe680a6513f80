import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RowsMessage, RowView } from '../src/shared/protocol';
import { CACHE_LIMIT, FOLLOW_FETCH_MS, OVERSCAN, RowCache, sameFilter } from './row-cache';

const row = (pos: number): RowView => ({
  index: pos,
  kind: 'received',
  tUs: pos * 10,
  gapUs: 10,
  size: 3,
  seq: pos,
  preview: `{"n":${pos}}`,
});

/** The host's reply for [start, end) of call `callId` out of `total` rows. */
const reply = (callId: number, start: number, end: number, total: number): RowsMessage => ({
  type: 'rows',
  inReplyTo: 1,
  callId,
  start,
  total,
  rows: Array.from({ length: Math.max(0, end - start) }, (_, i) => row(start + i)),
});

/** A cache holding call 1 with `total` rows and nothing fetched yet. */
function cacheOf(total: number): RowCache {
  const c = new RowCache();
  c.progress(1, total);
  return c;
}

test('nothing is asked for before the first call', () => {
  const c = new RowCache();
  assert.equal(c.plan(0, 20, false, 0), undefined);
});

test('missing visible rows are asked for with overscan on both sides, cut at the ends', () => {
  const c = cacheOf(10_000);
  assert.deepEqual(c.plan(0, 20, false, 0), { start: 0, end: 20 + OVERSCAN });
  assert.deepEqual(c.plan(5000, 20, false, 0), { start: 5000 - OVERSCAN, end: 5020 + OVERSCAN });
  assert.deepEqual(c.plan(9990, 20, false, 0), { start: 9990 - OVERSCAN, end: 10_000 });
});

test('one request at a time: nothing more is planned until the reply is in, then only what is missing', () => {
  const c = cacheOf(1000);
  const plan = c.plan(0, 20, false, 0);
  assert.ok(plan && 'start' in plan);
  const token = c.asked(0);
  assert.equal(c.waiting, true);
  assert.equal(c.plan(500, 20, false, 0), undefined, 'a second window waits for the first');
  assert.equal(c.arrived(token, reply(1, plan.start, plan.end, 1000), 0), true);
  assert.equal(c.waiting, false);
  assert.equal(c.get(5)?.preview, '{"n":5}');
  assert.equal(c.plan(0, 20, false, 0), undefined, 'every visible row is cached');
  assert.deepEqual(c.plan(500, 20, false, 0), { start: 500 - OVERSCAN, end: 520 + OVERSCAN });
});

test('a window asked for before a reset (new call or new filter) is dropped when it arrives', () => {
  const c = cacheOf(1000);
  const token = c.asked(0);
  const genBefore = c.gen;
  c.reset(1); // the filter changed: positions mean other rows now
  assert.ok(c.gen > genBefore, 'a reset starts a new generation');
  assert.equal(c.arrived(token, reply(1, 0, 80, 1000), 0), false);
  assert.equal(c.size, 0, 'no row of the old filter is kept');
  assert.equal(c.waiting, false, 'and the cache asks again');
});

test('rows of another call are dropped, and a new call resets the cache', () => {
  const c = cacheOf(100);
  const token = c.asked(0);
  assert.equal(c.arrived(token, reply(2, 0, 50, 100), 0), false, 'the reply is for call 2, the cache holds call 1');
  assert.equal(c.size, 0);
  const t2 = c.asked(0);
  assert.equal(c.arrived(t2, reply(1, 0, 50, 100), 0), true);
  assert.equal(c.progress(1, 120), false, 'more rows of the same call keep the cache');
  assert.equal(c.size, 50);
  assert.equal(c.progress(2, 10), true, 'a new call resets it');
  assert.equal(c.size, 0);
  assert.equal(c.callId, 2);
  assert.equal(c.total, 10);
});

test('a reply to an older request than the one in flight is ignored', () => {
  const c = cacheOf(100);
  const old = c.asked(0);
  c.reset(1);
  const current = c.asked(1);
  assert.equal(c.arrived(old, reply(1, 0, 10, 100), 0), false);
  assert.equal(c.waiting, true, 'the current request still waits');
  assert.equal(c.arrived(current, reply(1, 0, 10, 100), 0), true);
});

test('following a live stream asks for the newest rows, at most every FOLLOW_FETCH_MS', () => {
  const c = cacheOf(5000);
  const tail = c.plan(0, 20, true, 1000);
  assert.deepEqual(tail, { start: 4980, end: 5000, tail: true });
  const token = c.asked(1000, tail as { end: number; tail: true });
  assert.equal(c.arrived(token, reply(1, 4980, 5000, 5000), 4980), true);
  assert.equal(c.tailEnd, 5000, 'the tail reached the last row');
  assert.equal(c.plan(4980, 20, true, 1010), undefined, 'caught up: nothing to fetch');
  c.progress(1, 6000);
  const wait = c.plan(4980, 20, true, 1010);
  assert.ok(wait && 'waitMs' in wait);
  assert.equal(wait.waitMs, FOLLOW_FETCH_MS - 10);
  assert.deepEqual(c.plan(4980, 20, true, 1000 + FOLLOW_FETCH_MS), { start: 5980, end: 6000, tail: true });
});

test('a Follow reply counts as the tail when it reaches the total it asked with, though the stream moved on', () => {
  const c = cacheOf(5000);
  const tail = c.plan(0, 20, true, 1000) as { start: number; end: number; tail: true };
  const token = c.asked(1000, tail);
  // By the time the rows come back the stream has 7,000 rows: the reply's total is the new one.
  assert.equal(c.arrived(token, reply(1, 4980, 5000, 7000), 4980), true);
  assert.equal(c.tailEnd, 5000, 'the view follows the rows it asked for instead of waiting on placeholders');
});

test('following, the row peeking in below the newest fetched rows stays blank, never a "…" placeholder', () => {
  const c = cacheOf(5000);
  const token = c.asked(1000, { end: 5000, tail: true });
  c.arrived(token, reply(1, 4980, 5000, 5000), 4980);
  c.progress(1, 9000); // the stream moved on; the view still ends at row 5,000
  assert.equal(c.drawn(4999, true), true, 'the newest fetched row is drawn');
  assert.equal(c.drawn(5000, true), false, 'the next one is not drawn until it arrives');
  assert.equal(c.drawn(5000, false), true, 'scrolled by hand (Follow off), a missing row shows as loading');
  assert.equal(cacheOf(100).drawn(50, true), true, 'before any tail arrived, placeholders show where rows will be');
});

test('a window that ends before the last row does not move the tail', () => {
  const c = cacheOf(1000);
  const token = c.asked(0);
  c.arrived(token, reply(1, 0, 80, 1000), 0);
  assert.equal(c.tailEnd, 0);
});

test('past CACHE_LIMIT rows, those far from the visible ones are forgotten first', () => {
  const total = CACHE_LIMIT * 3;
  const c = cacheOf(total);
  for (let start = 0; start <= CACHE_LIMIT; start += 1000) {
    const token = c.asked(0);
    assert.equal(c.arrived(token, reply(1, start, start + 1000, total), start), true);
  }
  assert.ok(c.size > CACHE_LIMIT, 'over the limit now');
  const token = c.asked(0);
  const near = CACHE_LIMIT + 2000;
  c.arrived(token, reply(1, near, near + 1000, total), near);
  assert.equal(c.has(0), false, 'the rows far from the view went');
  assert.equal(c.has(near), true, 'the new window is kept');
  assert.equal(c.has(near - CACHE_LIMIT / 2 + 1), true, 'rows within half the limit of the view stay');
  assert.equal(c.has(near - CACHE_LIMIT / 2 - 1), false, 'rows beyond it go');
  assert.ok(c.size <= CACHE_LIMIT + 1000);
});

test('following a slow stream asks only for the newest rows it lacks, not the whole page again', () => {
  const c = cacheOf(5000);
  const token = c.asked(1000, { end: 5000, tail: true });
  c.arrived(token, reply(1, 4980, 5000, 5000), 4980);
  c.progress(1, 5003); // three new messages since
  assert.deepEqual(c.plan(4983, 20, true, 1000 + FOLLOW_FETCH_MS), { start: 5000, end: 5003, tail: true });
  const next = c.asked(1000 + FOLLOW_FETCH_MS, { end: 5003, tail: true });
  c.arrived(next, reply(1, 5000, 5003, 5003), 4983);
  assert.equal(c.tailEnd, 5003);
  for (let p = 4983; p < 5003; p++) assert.equal(c.has(p), true, `row ${p} is there to draw`);
});

test('the rows that come with the end are the tail at once; a Follow request still on its way is answered too', () => {
  const c = cacheOf(900_000);
  const token = c.asked(0, { end: 900_000, tail: true }); // on its way when the call ends
  c.progress(1, 1_000_006);
  const tail = reply(1, 1_000_006 - 80, 1_000_006, 1_000_006);
  assert.equal(c.ended(1, tail, 899_980), true);
  assert.equal(c.tailEnd, 1_000_006, 'a following view ends at the last row without asking again');
  assert.equal(c.drawn(1_000_005, true), true);
  assert.equal(c.plan(1_000_006 - 20, 20, true, 10_000), undefined, 'nothing is left to ask for');
  assert.equal(c.arrived(token, reply(1, 899_980, 900_000, 1_000_006), 1_000_000), true);
  assert.equal(c.tailEnd, 1_000_006, 'the older answer does not move the view back');
  assert.equal(c.ended(2, reply(2, 0, 5, 5), 0), false, 'rows of another call are not kept');
});

test('the end\'s rows are kept only under the filter they were picked by', () => {
  assert.equal(sameFilter({ kinds: ['received', 'sent'], search: 'x' }, { kinds: ['sent', 'received'], search: 'x' }), true);
  assert.equal(sameFilter({ kinds: ['received', 'sent'], search: 'x' }, { kinds: ['sent'], search: 'x' }), false);
  assert.equal(sameFilter({ kinds: ['sent'], search: 'x' }, { kinds: ['sent'], search: 'xy' }), false);
});
