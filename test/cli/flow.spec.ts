/** `flow` (the backpressure lab) and `call --latency`, through the built CLI against the sample server. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startSampleServer, type SampleServer } from '../../sample-server/server';
import { jsonLines, runCli, tempFile } from './cli-process';

let server: SampleServer;
const P = 'explorer.sample.v1';
const flow = (method: string, ...rest: string[]) => runCli(['flow', '--plaintext', server.address, `${P}.${method}`, ...rest]);
const call = (method: string, ...rest: string[]) => runCli(['call', '--plaintext', server.address, `${P}.${method}`, ...rest]);

before(async () => {
  server = await startSampleServer({ port: 0 });
});
after(() => server.close());

test('flow with a slow consumer: in flight stays bounded near what flow control predicts, then the explanation', async () => {
  // 16 KiB messages: the 64 KiB window holds 3, so flow control, not the count, bounds what is in flight.
  const csv = tempFile('flow.csv', '');
  const r = await flow('FlowControl/Stream', '-d', '{"count": 80, "size": 16384}', '--delay', '20ms', '--export-csv', csv);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^\s+t_ms\s+sent\s+received\s+processed\s+in_flight\s+queued\s+blocked$/m);
  assert.match(r.stdout, /^\s+\d+\s+80\s+80\s+80\s+\d+\s+0\s+\d+$/m); // the last sample: everything processed
  const m = /In flight\s+peak (\d+) \(flow control predicts ≈ (\d+)\)/.exec(r.stdout);
  assert.ok(m, r.stdout);
  const [peak, expected] = [Number(m[1]), Number(m[2])];
  assert.ok(peak > 10 && peak < 80 && peak <= expected * 1.25, `peak ${peak}, expected ≈ ${expected}`);
  assert.match(r.stdout, /holds 3 of them/);
  assert.match(r.stdout, /Status\s+OK/);
  assert.equal(readFileSync(csv, 'utf8').trim().split('\n').length, 81);
});

test('flow --json: one line per sample, then the result; a bigger window lets more sit in flight', async () => {
  const args = ['-d', '{"count": 60, "size": 16384}', '--delay', '10ms', '--json'];
  const small = jsonLines((await flow('FlowControl/Stream', ...args)).stdout);
  const big = jsonLines((await flow('FlowControl/Stream', ...args, '--window', '1MiB')).stdout);
  const result = (lines: Record<string, unknown>[]) => lines[lines.length - 1]! as Record<string, number | string>;
  assert.ok(small.slice(0, -1).every((l) => l.type === 'sample' && typeof l.inFlight === 'number'));
  assert.equal(result(small).type, 'result');
  assert.equal(result(small).processed, 60);
  assert.equal(result(big).windowBytes, 1024 * 1024);
  assert.ok(Number(result(big).peakInFlight) > Number(result(small).peakInFlight), JSON.stringify([result(small), result(big)]));
});

test('flow --pause-after stops reading for a while: the sample lines say paused', async () => {
  const r = await flow('FlowControl/Stream', '-d', '{"count": 40, "size": 1024}', '--pause-after', '10', '--pause-for', '300ms', '--interval', '50ms');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /# paused reading after 10 messages, for 300 ms/);
  assert.match(r.stdout, /\s+paused$/m);
});

test('flow on a unary method names what it needs', async () => {
  const r = await flow('Counter/Increment');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /Counter\/Increment is unary; the lab reads a stream/);
});

test('call --latency on a bidi stream: round trips paired by order, then by a field', async () => {
  const items = '{"seq": 1, "value": 1} {"seq": 2, "value": 2} {"seq": 3, "value": 3} {"seq": 4, "value": 4}';
  const r = await call('Streams/BidiSync', '-d', items, '--latency');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(jsonLines(r.stdout).length, 4);
  assert.match(r.stderr, /^latency: round trip: 4 pairs \(by order\): min [\d.]+ (µs|ms), p50 /m);
  const async = await call('Streams/BidiAsync', '-d', '{"seq": 1} {"seq": 2}', '--latency', '--pair', '$.seq=$.request_seq');
  assert.equal(async.code, 0, async.stderr);
  assert.match(async.stderr, /^latency: round trip: 2 pairs \(by \$\.seq=\$\.request_seq; unpaired: 0 requests, \d+ replies\)/m);
});

test('call --latency on a server stream: gaps between replies and one-way delays from the send stamps', async () => {
  const r = await call('FlowControl/Stream', '-d', '{"count": 50}', '--latency');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /^latency: between replies: 50 replies, [\d.]+\/s: /m);
  assert.match(r.stderr, /^latency: one-way \(\$\.server_send_unix_micros, server write → client read\): 50 replies: min /m);
});

test('flow --ack on StreamWithAcks: the server cap, not flow control, bounds what is in flight, and the explanation says so', async () => {
  const r = await flow('FlowControl/StreamWithAcks', '-d', '{"start": {"count": 40, "size": 1024, "maxUnacknowledged": 5}}', '--ack', '--delay', '10ms');
  assert.equal(r.code, 0, r.stderr);
  const peak = Number(/In flight\s+peak (\d+)/.exec(r.stdout)?.[1]);
  assert.ok(peak >= 1 && peak <= 5, r.stdout);
  assert.match(r.stdout, /the server\s+also\s+stops\s+at\s+5\s+unacknowledged\s+messages/);
});

test('flow --ack on a method that cannot carry acks is refused (exit 2), naming the method that takes it', async () => {
  const r = await flow('FlowControl/Stream', '-d', '{"count": 10, "size": 1024}', '--ack');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--ack .* explorer\.sample\.v1\.FlowControl\/Stream is server-streaming.*: use explorer\.sample\.v1\.FlowControl\/StreamWithAcks/);
  assert.equal(r.stdout, '', 'nothing ran');
  const acks = await flow('FlowControl/StreamWithAcks', '-d', '{"start": {"count": 20, "size": 1024}}', '--delay', '1ms', '--ack');
  assert.equal(acks.code, 0, acks.stderr);
  assert.match(acks.stdout, /Messages\s+20 received, 20 processed/);
});

test('flow with fewer messages than flow control holds says the run was too short to reach the prediction', async () => {
  const short = await flow('FlowControl/Stream', '-d', '{"count": 20, "size": 1024}', '--delay', '5ms');
  assert.equal(short.code, 0, short.stderr);
  const m = /In flight\s+peak (\d+) \(flow control predicts ≈ (\d+)\)/.exec(short.stdout);
  assert.ok(m, short.stdout);
  assert.ok(Number(m[1]) <= 20 && Number(m[2]) > 20, 'the peak cannot exceed the count, the prediction does');
  assert.match(short.stdout, /the run was too short to reach the prediction: 20 messages in all, fewer than the ≈ \d+/);
  const long = await flow('FlowControl/Stream', '-d', '{"count": 80, "size": 16384}', '--delay', '5ms');
  assert.doesNotMatch(long.stdout, /too short/, 'a run longer than the prediction has no such note');
});
