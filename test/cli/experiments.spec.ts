/** `bench` modes and exports, `compare`, `--ghz`/`--k6`, and Ctrl-C, through the built CLI against the sample server. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runFromJson } from '../../src/core/export';
import { startSampleServer, type SampleServer } from '../../sample-server/server';
import { CLI, runCli, tempFile } from './cli-process';

let server: SampleServer;
/** Counter calls the server has finished, from its call log ("Counter/Increment  OK  0.3 ms …"). */
let counterCalls = 0;
const P = 'explorer.sample.v1';
const bench = (method: string, ...rest: string[]) => runCli(['bench', '--plaintext', server.address, `${P}.${method}`, ...rest]);

before(async () => {
  server = await startSampleServer({ port: 0, log: (line) => void (line.startsWith('Counter/') && counterCalls++) });
});
after(() => server.close());

test('bench --mode pipelined: N messages over one bidi stream, each reply paired with its request', async () => {
  const r = await bench('Counter/IncrementStream', '-d', '{"value": "1"}', '-n', '500', '--mode', 'pipelined', '--json');
  assert.equal(r.code, 0, r.stderr);
  const s = JSON.parse(r.stdout);
  assert.deepEqual([s.mode, s.unit, s.count, s.ok, s.label], ['pipelined', 'message', 500, 500, 'bidi stream, pipelined']);
  assert.ok(s.latency_us.p999 <= s.latency_us.max, JSON.stringify(s.latency_us));
});

test('bench --mode lockstep --chain: each message waits for the previous reply and carries its value on', async () => {
  const r = await bench('Counter/IncrementStream', '-d', '{"value": "0"}', '-n', '300', '--mode', 'lockstep', '--chain', '$.value');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Messages\s+300 \(300 OK, 0 failed\), lockstep over 1 stream/);
  assert.match(r.stdout, /Throughput\s+[\d.]+ messages\/s/);
  assert.match(r.stdout, /p99\.9\s+[\d.]+ (µs|ms)/);
  const json = await bench('Counter/IncrementStream', '-d', '{"value": "0"}', '-n', '300', '--mode', 'lockstep', '--chain', '$.value', '--json');
  assert.deepEqual(JSON.parse(json.stdout).last_response, { value: '300' });
});

test('bench --mode pipelined on a unary method says which mode fits', async () => {
  const r = await bench('Counter/Increment', '--mode', 'pipelined');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /Counter\/Increment is unary — use mode 'calls'/);
});

test('--export-json and --export-csv write the run; compare puts saved runs side by side with ratios', async () => {
  const unary = tempFile('unary.json', '');
  const csv = join(dirname(unary), 'unary.csv');
  const piped = join(dirname(unary), 'pipelined.json');
  const u = await bench('Counter/Increment', '-d', '{"value": "0"}', '-n', '200', '--chain', '$.value', '--label', 'unary chain',
    '--export-json', unary, '--export-csv', csv, '--json');
  assert.equal(u.code, 0, u.stderr);
  const run = runFromJson(readFileSync(unary, 'utf8'));
  const printed = JSON.parse(u.stdout);
  assert.deepEqual([run.label, run.count, run.samples.length, run.latency.p50Us], ['unary chain', 200, 200, printed.latency_us.p50]);
  const rows = readFileSync(csv, 'utf8').trim().split('\n');
  assert.equal(rows[0], 'index,start_ms,latency_us,code,status');
  assert.equal(rows.length, 201);
  assert.match(rows[1]!, /^0,[\d.]+,[\d.]+,0,OK$/);
  const p = await bench('Counter/IncrementStream', '-d', '{"value": "0"}', '-n', '200', '--mode', 'pipelined', '--export-json', piped);
  assert.equal(p.code, 0, p.stderr);

  const c = await runCli(['compare', unary, piped]);
  assert.equal(c.code, 0, c.stderr);
  assert.match(c.stdout, /^\s+unary\.json\s+pipelined\.json$/m);
  assert.match(c.stdout, /^label\s+unary chain\s+bidi stream, pipelined$/m);
  assert.match(c.stdout, /^throughput\/s\s+[\d,.]+\s+[\d,.]+ \([\d.]+×\)$/m);
  assert.match(c.stdout, /bidi stream, pipelined: [\d.]+× the throughput of unary chain/);
  const asCsv = await runCli(['compare', '--csv', unary, piped]);
  assert.equal(asCsv.stdout.trim().split('\n').length, 3);
  const bad = await runCli(['compare', unary, csv]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /unary\.csv: .*write runs with grpc-explorer bench --export-json FILE/);
});

test('--ghz and --k6 print the same load for those tools and run nothing', async () => {
  const before = counterCalls;
  const g = await bench('Counter/Increment', '-d', '{"value": "0"}', '-n', '10000', '-c', '2', '--chain', '$.value', '--ghz');
  assert.equal(g.code, 0, g.stderr);
  assert.equal(g.stdout, `ghz --insecure --call ${P}.Counter/Increment -d '{"value":"0"}' -n 10000 -c 2 -t 0 --connections 1 ${server.address}\n`);
  assert.match(g.stderr, /note: ghz cannot feed a reply into the next request/);
  const k = await bench('Counter/IncrementStream', '-n', '1000', '--mode', 'lockstep', '--k6', '-H', 'authorization: Bearer secret');
  assert.equal(k.code, 0, k.stderr);
  assert.match(k.stdout, /^import grpc from 'k6\/net\/grpc';$/m);
  assert.match(k.stdout, /const METHOD = "explorer\.sample\.v1\.Counter\/IncrementStream";/);
  assert.doesNotMatch(k.stdout, /Bearer secret/);
  assert.equal(counterCalls, before, 'the server saw no Counter call');
});

test('Ctrl-C stops a bench and prints the partial result (exit 130)', async () => {
  const child = spawn(process.execPath, [CLI, 'bench', '--plaintext', server.address, `${P}.Counter/Increment`, '-n', '100000000'], { stdio: 'pipe' });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  const closed = new Promise<number | null>((ok) => child.on('close', ok));
  const started = counterCalls;
  while (counterCalls < started + 50) await new Promise((r) => setTimeout(r, 20)); // the run is under way
  child.kill('SIGINT');
  assert.equal(await closed, 130);
  assert.match(stdout, /Cancelled\s+stopped by Ctrl-C/);
  const calls = Number(/Calls\s+(\d+) \(/.exec(stdout)?.[1]);
  assert.ok(calls > 0 && calls < 100000000, stdout);
});
