import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Coalescer, type TimerApi } from './batcher';

/** A manual clock: time moves only when the test says so. */
function manualClock() {
  let now = 0;
  const queue: { at: number; fn: () => void; id: number }[] = [];
  let nextId = 1;
  const api: TimerApi = {
    now: () => now,
    setTimeout: (fn, ms) => {
      const id = nextId++;
      queue.push({ at: now + ms, fn, id });
      return id;
    },
    clearTimeout: (h) => {
      const i = queue.findIndex((t) => t.id === h);
      if (i >= 0) queue.splice(i, 1);
    },
  };
  const advance = (ms: number) => {
    const end = now + ms;
    for (;;) {
      queue.sort((a, b) => a.at - b.at);
      const t = queue[0];
      if (!t || t.at > end) break;
      queue.shift();
      now = t.at;
      t.fn();
    }
    now = end;
  };
  return { api, advance };
}

test('a burst of 100,000 events becomes one post per 16 ms frame', () => {
  const clock = manualClock();
  const flushes: number[] = [];
  const c = new Coalescer(() => flushes.push(clock.api.now()), 16, clock.api);
  for (let ms = 0; ms < 160; ms++) {
    for (let i = 0; i < 625; i++) c.poke(); // 100,000 pokes over 160 ms
    clock.advance(1);
  }
  clock.advance(100);
  assert.ok(flushes.length <= 11, `${flushes.length} posts for 160 ms of events`);
  for (let i = 1; i < flushes.length; i++) assert.ok(flushes[i]! - flushes[i - 1]! >= 16, 'two posts inside one frame');
});

test('the last event is never left unposted', () => {
  const clock = manualClock();
  let posted = 0;
  const c = new Coalescer(() => posted++, 16, clock.api);
  c.poke();
  clock.advance(0);
  assert.equal(posted, 1, 'first event after a quiet spell goes out at once');
  c.poke();
  clock.advance(5);
  assert.equal(posted, 1);
  clock.advance(11);
  assert.equal(posted, 2, 'the trailing event went out one frame later');
});

test('flushNow posts immediately and a disposed coalescer posts nothing more', () => {
  const clock = manualClock();
  let posted = 0;
  const c = new Coalescer(() => posted++, 16, clock.api);
  c.poke();
  c.flushNow();
  assert.equal(posted, 1);
  clock.advance(50);
  assert.equal(posted, 1, 'the scheduled flush was dropped');
  c.poke();
  c.dispose();
  clock.advance(50);
  assert.equal(posted, 1);
});

test('an interval given as a function is read at each poke: a caller can slow down while a stream is fast', () => {
  const clock = manualClock();
  const flushes: number[] = [];
  let interval = 16;
  const c = new Coalescer(() => flushes.push(clock.api.now()), () => interval, clock.api);
  c.poke();
  clock.advance(0);
  assert.deepEqual(flushes, [0], 'after a quiet spell the first poke goes out at once');
  interval = 100;
  c.poke();
  clock.advance(99);
  assert.equal(flushes.length, 1);
  clock.advance(1);
  assert.deepEqual(flushes, [0, 100]);
  interval = 16;
  c.poke();
  clock.advance(16);
  assert.deepEqual(flushes, [0, 100, 116]);
});
