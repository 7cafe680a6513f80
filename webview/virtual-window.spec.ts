import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstToReveal, followedEnd, MAX_SCROLL_HEIGHT, scrollHeight, scrollTopFor, windowAt } from './virtual-window';

const million = { total: 1_000_000, rowHeight: 22, viewportHeight: 440 };

test('a million rows fit in a capped scroll height and the ends are reachable', () => {
  assert.equal(scrollHeight(million), MAX_SCROLL_HEIGHT);
  assert.deepEqual(windowAt(0, million), { first: 0, count: 21 });
  const bottom = windowAt(MAX_SCROLL_HEIGHT - 440, million);
  assert.equal(bottom.first, 1_000_000 - 20, 'the last row is at the bottom');
  assert.equal(bottom.first + bottom.count, 1_000_000, 'never past the end');
  const middle = windowAt((MAX_SCROLL_HEIGHT - 440) / 2, million);
  assert.ok(Math.abs(middle.first - 500_000) <= 10);
});

test('scrollTopFor is the inverse of windowAt, so keyboard moves land on the row', () => {
  for (const row of [0, 1, 12_345, 999_980]) assert.equal(windowAt(scrollTopFor(row, million), million).first, row);
  const small = { total: 100, rowHeight: 22, viewportHeight: 440 };
  for (const row of [0, 5, 80]) assert.equal(windowAt(scrollTopFor(row, small), small).first, row);
});

test('short lists do not scroll and draw only the rows there are', () => {
  const g = { total: 3, rowHeight: 22, viewportHeight: 440 };
  assert.equal(scrollHeight(g), 66);
  assert.deepEqual(windowAt(100, g), { first: 0, count: 3 });
  assert.deepEqual(windowAt(0, { ...g, total: 0 }), { first: 0, count: 0 });
});

test('revealing a row scrolls only as far as needed', () => {
  assert.equal(firstToReveal(50, 40, million), 40, 'already visible');
  assert.equal(firstToReveal(60, 40, million), 41, 'one row down');
  assert.equal(firstToReveal(10, 40, million), 10, 'up to the top of the page');
});

test('Follow: the newest rows count as the tail when they reach the total asked with, though the stream moved on', () => {
  // Asked for rows 900..1000 when the total was 1,000; by the answer 1,200 rows exist.
  assert.equal(followedEnd(0, { start: 900, rows: 100, total: 1200 }, 1000), 1000);
  assert.equal(
    followedEnd(1000, { start: 1100, rows: 100, total: 1200 }, 1200),
    1200,
    'the stream ended: the very last rows',
  );
  assert.equal(
    followedEnd(1000, { start: 0, rows: 100, total: 1200 }, undefined),
    1000,
    'rows fetched by scrolling do not move it',
  );
  assert.equal(followedEnd(1000, { start: 400, rows: 60, total: 1200 }, 1000), 1000, 'a short answer is not the tail');
  assert.equal(
    followedEnd(1200, { start: 900, rows: 100, total: 1300 }, 1000),
    1200,
    'an older answer never moves it back',
  );
});
