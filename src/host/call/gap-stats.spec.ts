import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CallRecording } from '../../core/call/recording';
import { EventKind } from '../../core/call/types';
import { CallStats, GapSeries } from './gap-stats';

test('the chart series of a million gaps stays within its point budget and keeps the peaks', () => {
  const series = new GapSeries(2048);
  series.add(NaN); // the first message has no gap
  for (let i = 1; i < 1_000_000; i++) series.add(i === 777_777 ? 50_000 : 10);
  const p = series.points();
  assert.ok(p.seq.length <= 2048 && p.seq.length >= 1024, `${p.seq.length} points`);
  assert.equal(Math.max(...p.maxGapUs), 50_000, 'the one slow message is still visible');
  const peak = p.maxGapUs.indexOf(50_000);
  assert.ok(p.seq[peak]! <= 777_777 && 777_777 < (p.seq[peak + 1] ?? Infinity), 'at the right place on the x axis');
  assert.ok(p.meanGapUs.every((m) => m >= 10 && m <= 50_000));
  assert.equal(p.seq[0], 0);
});

test('stats of a recorded call count each direction and order the percentiles', () => {
  const rec = new CallRecording();
  rec.record(EventKind.Start);
  rec.record(EventKind.Sent, 5, new Uint8Array(5));
  for (let i = 0; i < 500; i++) rec.record(EventKind.Received, 3, new Uint8Array(3));
  rec.record(EventKind.Status);
  const stats = new CallStats(rec);
  const { sent, received } = stats.summary();
  assert.equal(sent.count, 1);
  assert.equal(sent.ratePerSec, 0, 'one message has no rate');
  assert.equal(received.count, 500);
  assert.ok(received.ratePerSec > 0);
  const r = received;
  assert.ok(r.minUs <= r.p50Us && r.p50Us <= r.p95Us && r.p95Us <= r.p99Us && r.p99Us <= r.maxUs, JSON.stringify(r));
  rec.record(EventKind.Received, 3, new Uint8Array(3));
  assert.equal(stats.summary().received.count, 501, 'later events are caught up');
});

test('the chart series goes to the webview in tenths of a µs: a million gaps in about half the bytes of full doubles', () => {
  const series = new GapSeries(2048);
  for (let i = 0; i < 1_000_000; i++) series.add(10 + ((i * 7919) % 4000) / 97);
  const p = series.points();
  assert.ok(p.meanGapUs.every((m) => Math.round(m * 10) / 10 === m) && p.maxGapUs.every((m) => Math.round(m * 10) / 10 === m));
  const bytes = JSON.stringify(p).length;
  assert.ok(bytes < 36_000, `${bytes} bytes for ${p.seq.length} points (57 KB as full doubles)`);
});

test('after the whole series, each summary carries only the buckets that changed: a few hundred bytes, and they add up to the whole', () => {
  const rec = new CallRecording();
  rec.record(EventKind.Start);
  const stats = new CallStats(rec);
  const chart = new Map<number, number>(); // seq → max gap, as the webview's series keeps it
  const apply = (c: ReturnType<typeof stats.summary>['received']['series']) => {
    for (const seq of [...chart.keys()]) if (seq >= c.fromSeq) chart.delete(seq);
    c.seq.forEach((s, i) => chart.set(s, c.maxGapUs[i]!));
  };
  let largestLate = 0;
  let wholes = 0;
  let posted = 0;
  let wholeEachTime = 0;
  // A million messages, a summary every 2,500 (10,000 messages/s, four posts a second).
  for (let round = 0; round < 400; round++) {
    for (let i = 0; i < 2500; i++) rec.record(EventKind.Received, 3, new Uint8Array(3));
    const { received } = stats.summary(round === 0);
    const bytes = JSON.stringify(received.series).length;
    posted += bytes;
    wholeEachTime += JSON.stringify(stats.summary(true).received.series).length;
    if (received.series.fromSeq === 0) wholes++;
    else if (round >= 40) largestLate = Math.max(largestLate, bytes);
    apply(received.series);
  }
  const whole = stats.summary(true).received.series;
  assert.deepEqual([...chart.keys()], whole.seq, 'the changes put together are the whole series');
  assert.deepEqual([...chart.values()], whole.maxGapUs);
  assert.ok(largestLate < 1000, `${largestLate} bytes in the largest change past 100,000 messages`);
  assert.ok(wholes <= 12, `${wholes} whole series in a million messages (one each time the buckets merge)`);
  assert.ok(posted * 10 < wholeEachTime, `${posted} bytes posted against ${wholeEachTime} for the whole series each time`);
});
