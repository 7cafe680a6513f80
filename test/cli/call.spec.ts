import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSampleServer, type SampleServer } from '../../sample-server/server';
import { spawn } from 'node:child_process';
import { CLI, converse, jsonLines, runCli } from './cli-process';

let server: SampleServer;
const P = 'explorer.sample.v1';
const call = (method: string, ...rest: string[]) => runCli(['call', '--plaintext', server.address, `${P}.${method}`, ...rest]);

before(async () => {
  server = await startSampleServer({ port: 0 });
});
after(() => server.close());

test('unary: prints the response as one JSON line, int64 as a string, exit 0', async () => {
  const r = await call('Counter/Increment', '-d', '{"value": "9007199254740993"}');
  assert.equal(r.stderr, '');
  assert.equal(r.code, 0);
  assert.equal(r.stdout, '{"value":"9007199254740994"}\n');
});

test('server streaming: one JSON line per message, in order', async () => {
  const r = await call('Streams/Generate', '-d', '{"count": 3, "text": "hi"}');
  assert.equal(r.code, 0, r.stderr);
  const items = jsonLines(r.stdout);
  assert.deepEqual(items.map((i) => [i.seq, i.text]), [['1', 'hi'], ['2', 'hi'], ['3', 'hi']]);
});

test('client streaming: several JSON objects in -d become several messages', async () => {
  const r = await call('Streams/Collect', '-d', '{"value": "1"} {"value": "2"}\n{"value": "39"}');
  assert.equal(r.code, 0, r.stderr);
  const [summary] = jsonLines(r.stdout);
  assert.equal(summary!.count, '3');
  assert.equal(summary!.sum, '42');
});

// The timeout only turns a hang (input held until EOF) into a failure; it asserts nothing about speed.
test('bidi with -d @: each stdin line is sent as it is written; each reply is read before the next line', { timeout: 180_000 }, async () => {
  const c = converse(['call', '--plaintext', server.address, `${P}.Streams/BidiSync`, '-d', '@']);
  c.write('{"value": "5"}');
  const first = JSON.parse(await c.readLine());
  assert.deepEqual([String(first.index), first.runningSum], ['1', '5']);
  c.write('{"value": "7"}');
  const second = JSON.parse(await c.readLine());
  assert.deepEqual([String(second.index), second.runningSum], ['2', '12']);
  const end = await c.end();
  assert.equal(end.code, 0, end.stderr);
});

test('client streaming with -d @: end of input half-closes and the summary arrives', async () => {
  const r = await runCli(['call', '--plaintext', server.address, `${P}.Streams/Collect`, '-d', '@'], '{"value":"2"}\n{"value":"3"}\n');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(jsonLines(r.stdout)[0]!.sum, '5');
});

test('--timing prints one JSON line per event on stderr; stdout keeps only the messages', async () => {
  const r = await call('Streams/Generate', '-d', '{"count": 2}', '--timing');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(jsonLines(r.stdout).length, 2);
  const events = jsonLines(r.stderr);
  assert.deepEqual(events.map((e) => e.event), ['start', 'sent', 'half-close', 'headers', 'received', 'received', 'trailers', 'status']);
  const received = events.filter((e) => e.event === 'received');
  assert.deepEqual(received.map((e) => e.seq), [0, 1]);
  assert.ok(received.every((e) => typeof e.size === 'number' && (e.size as number) > 0));
  assert.equal(received[0]!.gap_ms, undefined, 'the first message has no gap');
  assert.equal(typeof received[1]!.gap_ms, 'number');
  assert.equal(events.at(-1)!.code, 'OK');
  const times = events.map((e) => e.t_ms as number);
  assert.deepEqual(times, [...times].sort((a, b) => a - b), 't_ms never goes backwards');
});

test('-H reaches the server: Types.Echo sends x-echo-* request headers back, shown by -v', async () => {
  const r = await call('Types/Echo', '-d', '{}', '-H', 'x-echo-trace: abc123', '-H', 'x-other: no', '-v');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /Response headers:\n(.*\n)*  x-echo-trace: abc123\n/);
  assert.doesNotMatch(r.stderr, /x-other/);
});

test('--emit-defaults prints fields at their default value', async () => {
  const plain = await call('Counter/Increment', '-d', '{"value": "-1"}');
  assert.equal(plain.stdout, '{}\n');
  const withDefaults = await call('Counter/Increment', '-d', '{"value": "-1"}', '--emit-defaults');
  assert.equal(withDefaults.stdout, '{"value":"0"}\n');
});

test('--deadline: exit 64+4 and ERROR: DEADLINE_EXCEEDED, keeping the messages that arrived', async () => {
  // 50 messages 100 ms apart take 5 s: a 3 s deadline ends the call after some of them, on any machine.
  const r = await call('Streams/Generate', '-d', '{"count": 50, "intervalMs": 100}', '--deadline', '3s');
  assert.equal(r.code, 68);
  assert.match(r.stderr, /^ERROR: DEADLINE_EXCEEDED: .*3000 ms deadline.*--deadline/m);
  assert.ok(jsonLines(r.stdout).length >= 1, 'messages before the deadline were printed');
});

test('a non-OK status from the server: exit 64+code, ERROR: CODE_NAME: the server message', async () => {
  const r = await call('Faults/FailUnary', '-d', '{"code": "NOT_FOUND", "message": "no such book"}');
  assert.equal(r.code, 64 + 5);
  assert.match(r.stderr, /^ERROR: NOT_FOUND: .*no such book/m);
  const s = await call('Faults/FailStream', '-d', '{"code": "ABORTED", "afterMessages": 2}');
  assert.equal(s.code, 64 + 10);
  assert.equal(jsonLines(s.stdout).length, 2, 'the messages before the failure were printed');
});

test('invalid request JSON: the JSON path and the problem, exit 1, nothing sent', async () => {
  const r = await call('Counter/Increment', '-d', '{"value": "x"}', '--timing');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^ERROR: invalid request: \$\.value: /m);
  assert.doesNotMatch(r.stderr, /"event"/, 'no call was started');
  const typo = await call('Streams/Collect', '-d', '{"value": "1"} {"valeu": "2"}');
  assert.equal(typo.code, 1);
  assert.match(typo.stderr, /\$\.valeu: .*valeu/);
});

test('an invalid line on stdin mid-stream names its line and stops the call', async () => {
  const r = await runCli(['call', '--plaintext', server.address, `${P}.Streams/BidiSync`, '-d', '@'], '{"value":"1"}\n{"value":true}\n');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /ERROR: invalid request: \$\.value: .*stdin line 2/);
});

test('unknown method: exit 1 naming the methods the service does have', async () => {
  const r = await call('Counter/Incremnt');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /no method "explorer\.sample\.v1\.Counter\/Incremnt" \(explorer\.sample\.v1\.Counter has Increment, IncrementStream\)/);
});

test('--max-msg-size: a reply over the limit names the flag; raising the limit lets it through', async () => {
  const big = ['-d', '{"count": 200, "payloadSize": 100}'];
  const small = await call('Books/RecommendAll', ...big, '--max-msg-size', '16KiB');
  assert.equal(small.code, 64 + 8);
  assert.match(small.stderr, /^ERROR: RESOURCE_EXHAUSTED: .*--max-msg-size/m);
  const enough = await call('Books/RecommendAll', ...big, '--max-msg-size', '1MiB');
  assert.equal(enough.code, 0, enough.stderr);
  assert.equal((jsonLines(enough.stdout)[0]!.books as unknown[]).length, 200);
});

test('--gzip and --window change the transport, not the answers', async () => {
  const r = await call('Streams/Generate', '-d', '{"count": 20, "payloadSize": 4096}', '--gzip', '--window', '1MiB');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(jsonLines(r.stdout).length, 20);
});

test('invalid UTF-8 on stdin is refused with its JSON path, not sent as U+FFFD', async () => {
  const latin1 = Buffer.concat([Buffer.from('{"count": 1, "text": "caf'), Buffer.from([0xe9]), Buffer.from('"}\n')]);
  const r = await runCli(['call', '--plaintext', server.address, `${P}.Streams/Generate`, '-d', '@'], latin1);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /ERROR: invalid request: \$\.text: the string has invalid UTF-8 at index 3 \(byte 0xE9\)/);
  assert.equal(r.stdout, '', 'nothing was sent, so nothing came back');
});

test('unary with -d @ reads exactly one message from stdin', async () => {
  const r = await runCli(['call', '--plaintext', server.address, `${P}.Counter/Increment`, '-d', '@'], '{"value": "1"}\n{"value": "100"}\n');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '{"value":"2"}\n');
});

test('a reader that stops early (| head) ends the CLI quietly with 141, no stack trace', { timeout: 180_000 }, async () => {
  const child = spawn(process.execPath, [CLI, 'call', '--plaintext', server.address, `${P}.Streams/Generate`, '-d', '{"count": 1000000}']);
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  await new Promise((ok) => child.stdout.once('data', ok));
  child.stdout.destroy();
  const code = await new Promise((ok) => child.on('close', ok));
  assert.equal(code, 141);
  assert.equal(stderr, '');
});
