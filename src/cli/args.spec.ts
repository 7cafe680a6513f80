import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_BENCH_CALLS, UsageError, parseCommandLine, type BenchArgs, type CallArgs } from './args';
import { parseBytes, parseDuration } from './units';

const T = 'localhost:50051';
const M = 'explorer.sample.v1.Counter/Increment';

function usageError(argv: string[], pattern: RegExp): void {
  assert.throws(() => parseCommandLine(argv), (e: unknown) => e instanceof UsageError && pattern.test(e.message));
}

test('TLS with system roots is the default; --plaintext turns it off', () => {
  const tls = parseCommandLine(['list', T]);
  assert.equal(tls.command, 'list');
  if (tls.command !== 'list') return;
  assert.deepEqual(tls.connection.transport, { kind: 'tls' });
  const plain = parseCommandLine(['list', '--plaintext', T]);
  assert.deepEqual(plain.command === 'list' && plain.connection.transport, { kind: 'plaintext' });
});

test('TLS flags fill the transport; flags may come after positionals', () => {
  const c = parseCommandLine(['describe', T, 'pkg.Svc', '--cacert', 'ca.pem', '--cert', 'c.pem', '--key', 'k.pem',
    '--servername', 'example.test', '--insecure-skip-verify']);
  assert.ok(c.command === 'describe');
  assert.equal(c.symbol, 'pkg.Svc');
  assert.deepEqual(c.connection.transport, {
    kind: 'tls', caFile: 'ca.pem', certFile: 'c.pem', keyFile: 'k.pem', serverName: 'example.test', insecureSkipVerify: true,
  });
});

test('-H is repeatable, keeps order, lower-cases keys and reaches reflection too', () => {
  const c = parseCommandLine(['call', '--plaintext', T, M, '-H', 'X-Trace: abc', '--header', 'authorization: Bearer t:1']);
  assert.ok(c.command === 'call');
  assert.deepEqual(c.headers, [['x-trace', 'abc'], ['authorization', 'Bearer t:1']]);
  assert.deepEqual(c.schema, { kind: 'reflection', version: 'auto', metadata: c.headers });
});

test('call: -d @ reads stdin, -d JSON is inline, no -d sends {}', () => {
  const stdin = parseCommandLine(['call', '--plaintext', T, M, '-d', '@']) as CallArgs;
  assert.deepEqual(stdin.data, { kind: 'stdin' });
  const inline = parseCommandLine(['call', '--plaintext', T, M, '-d', '{"value":"1"}']) as CallArgs;
  assert.deepEqual(inline.data, { kind: 'inline', text: '{"value":"1"}' });
  const none = parseCommandLine(['call', '--plaintext', T, M]) as CallArgs;
  assert.deepEqual(none.data, { kind: 'inline', text: '{}' });
  assert.equal(none.timing, false);
  assert.equal(none.deadlineMs, undefined);
});

test('call: --deadline accepts ms, s and m; --timing, --emit-defaults and -v are flags', () => {
  const c = parseCommandLine(['call', '--plaintext', '--deadline', '1.5s', '--timing', '--emit-defaults', '-v', T, M]) as CallArgs;
  assert.equal(c.deadlineMs, 1500);
  assert.equal(c.timing, true);
  assert.equal(c.emitDefaults, true);
  assert.equal(c.verbose, true);
  assert.equal(parseDuration('500ms', '--deadline'), 500);
  assert.equal(parseDuration('1m', '--deadline'), 60_000);
  assert.equal(parseDuration('250us', '--deadline'), 0.25);
});

test('a bare number or an unknown unit for --deadline is refused with a hint', () => {
  usageError(['call', T, M, '--deadline', '5'], /--deadline 5: .*add a unit: 5s or 5ms/);
  usageError(['call', T, M, '--deadline', '5d'], /--deadline 5d: expected a duration such as 5s/);
  usageError(['call', T, M, '--deadline', '0s'], /must be more than zero/);
});

test('schema from --proto with import paths, or --protoset; --reflection picks the version', () => {
  const p = parseCommandLine(['list', T, '--proto', 'a.proto', '--proto', 'b.proto', '--import-path', 'protos']);
  assert.ok(p.command === 'list');
  assert.deepEqual(p.schema, { kind: 'proto', files: ['a.proto', 'b.proto'], importPaths: ['protos'] });
  const s = parseCommandLine(['list', T, '--protoset', 'x.pb']);
  assert.deepEqual(s.command === 'list' && s.schema, { kind: 'protoset', files: ['x.pb'] });
  const r = parseCommandLine(['list', T, '--reflection', 'v1alpha']);
  assert.deepEqual(r.command === 'list' && r.schema, { kind: 'reflection', version: 'v1alpha' });
});

test('connection tuning: --max-msg-size, --gzip, --window, --connect-timeout', () => {
  const c = parseCommandLine(['list', T, '--max-msg-size', '16MiB', '--gzip', '--window', '1MiB', '--connect-timeout', '3s']);
  assert.ok(c.command === 'list');
  assert.equal(c.connection.maxSendMessageBytes, 16 * 1024 * 1024);
  assert.equal(c.connection.maxReceiveMessageBytes, 16 * 1024 * 1024);
  assert.equal(c.connection.compression, 'gzip');
  assert.deepEqual(c.connection.channelOptions, { 'grpc-node.flow_control_window': 1024 * 1024 });
  assert.equal(c.connectTimeoutMs, 3000);
  assert.equal(parseBytes('65536', '--window'), 65536);
  assert.equal(parseBytes('4MB', '--window'), 4_000_000);
});

test('bench: -n, -c, --rate, --duration, --chain, --json; sensible defaults', () => {
  const b = parseCommandLine(['bench', T, M, '-d', '{"value":"0"}', '-n', '10000', '-c', '4', '--rate', '500',
    '--chain', '$.value', '--json']) as BenchArgs;
  assert.equal(b.total, 10000);
  assert.equal(b.concurrency, 4);
  assert.equal(b.rate, 500);
  assert.equal(b.chain, '$.value');
  assert.equal(b.json, true);
  assert.equal(b.data, '{"value":"0"}');
  const d = parseCommandLine(['bench', T, M]) as BenchArgs;
  assert.equal(d.total, DEFAULT_BENCH_CALLS);
  assert.equal(d.concurrency, 1);
  const timed = parseCommandLine(['bench', T, M, '--duration', '10s']) as BenchArgs;
  assert.equal(timed.total, undefined, 'a timed bench is not capped by the default count');
  assert.equal(timed.durationMs, 10_000);
});

test('usage errors name the flag or argument at fault', () => {
  usageError([], /no command given/);
  usageError(['lst', T], /unknown command "lst"/);
  usageError(['list'], /list: missing arguments; expected: grpc-explorer list \[flags\] <target>/);
  usageError(['call', T], /call: missing arguments/);
  usageError(['list', T, 'extra'], /unexpected argument "extra"/);
  usageError(['list', 'localhost'], /target "localhost" has no port: write host:port/);
  usageError(['list', 'localhost:99999'], /target "localhost:99999": port 99999 is out of range/);
  usageError(['list', T, '--bogus'], /Unknown option '--bogus'/);
  usageError(['list', T, '--timing'], /--timing applies to call only, not to list/);
  usageError(['describe', T, '-d', '{}'], /-d\/--data applies to call, bench and flow only, not to describe/);
  usageError(['call', T, M, '-n', '5'], /-n applies to bench only, not to call/);
  usageError(['list', T, '--plaintext', '--cacert', 'ca.pem'], /--cacert needs TLS: drop --plaintext/);
  usageError(['list', T, '--cert', 'c.pem'], /needs both --cert and --key/);
  usageError(['list', T, '--proto', 'a.proto', '--protoset', 'b.pb'], /--proto or --protoset, not both/);
  usageError(['list', T, '--reflection', 'v2'], /--reflection v2: expected v1, v1alpha or auto/);
  usageError(['list', T, '-H', 'novalue'], /-H "novalue": expected 'key: value'/);
  usageError(['bench', T, M, '-c', '0'], /-c 0: expected a whole number of at least 1/);
  usageError(['bench', T, M, '-d', '@'], /not -d @/);
  usageError(['bench', T, M, '--chain', 'value'], /--chain value: expected a field path/);
});

test('help and version', () => {
  assert.deepEqual(parseCommandLine(['--help']), { command: 'help' });
  assert.deepEqual(parseCommandLine(['help']), { command: 'help' });
  assert.deepEqual(parseCommandLine(['call', '-h']), { command: 'help' });
  assert.deepEqual(parseCommandLine(['--version']), { command: 'version' });
});

test('experiment flags: bench modes and exports, flow, compare, call --latency', () => {
  const b = parseCommandLine(['bench', T, M, '--mode', 'lockstep', '--export-json', 'r.json', '--label', 'lock']) as BenchArgs;
  assert.equal(b.mode, 'stream-lockstep');
  assert.equal(b.exportJson, 'r.json');
  assert.equal(b.label, 'lock');
  assert.equal((parseCommandLine(['bench', T, M]) as BenchArgs).mode, 'calls');
  assert.equal((parseCommandLine(['bench', T, M, '--k6']) as BenchArgs).exportLoad, 'k6');
  const f = parseCommandLine(['flow', T, M, '--delay', '100ms', '--pause-after', '5', '--pause-for', '2s', '--ack']);
  assert.ok(f.command === 'flow');
  assert.deepEqual([f.delayMs, f.pauseAfter, f.pauseForMs, f.ack, f.intervalMs], [100, 5, 2000, true, 100]);
  assert.deepEqual(parseCommandLine(['compare', 'a.json', 'b.json']), { command: 'compare', files: ['a.json', 'b.json'], csv: false });
  const c = parseCommandLine(['call', T, M, '--latency', '--pair', '$.id']) as CallArgs;
  assert.deepEqual(c.latency, { pair: '$.id' });
  usageError(['bench', T, M, '--mode', 'stream'], /--mode stream: expected calls, pipelined or lockstep/);
  usageError(['bench', T, M, '--ghz', '--k6'], /pick one/);
  usageError(['bench', T, M, '--ghz', '--export-json', 'x.json'], /prints the load without running it/);
  usageError(['flow', T, M, '--pause-after', '5'], /--pause-after N and --pause-for DURATION go together/);
  usageError(['call', T, M, '--pair', '$.id'], /--pair goes with --latency/);
  usageError(['compare', 'a.json'], /compare: missing arguments/);
  usageError(['compare', 'a.json', 'b.json', '--plaintext'], /compare reads saved runs and connects to nothing/);
  usageError(['flow', T, M, '--mode', 'calls'], /--mode applies to bench only, not to flow/);
});
