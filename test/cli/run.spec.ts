// grpc-explorer run: request files against real servers on port 0.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startSampleServer, type CallRecord, type SampleServer } from '../../sample-server/server';
import { EXAMPLES_DIR, startExamplesServer } from '../servers/examples-server';
import { runCli } from './cli-process';

let sample: SampleServer;
let examples: { address: string; close(): void };
const calls: CallRecord[] = [];

before(async () => {
  sample = await startSampleServer({ port: 0, onCall: (r) => calls.push(r) });
  examples = await startExamplesServer();
});
after(async () => {
  examples.close();
  await sample.close();
});

/** A folder of request files with an environment "test" pointing `host` at `address`. */
function workspace(files: Record<string, string>, address = sample.address): string {
  const dir = mkdtempSync(join(tmpdir(), 'grpc-explorer-run-'));
  writeFileSync(join(dir, 'http-client.env.json'), JSON.stringify({ test: { host: address } }));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const SAMPLE_REQUESTS = resolve(__dirname, '../../sample-server/requests');
const sampleFile = (name: string) => readFileSync(join(SAMPLE_REQUESTS, name), 'utf8');

test("the sample server's request files pass: the Increment chain (chained variables) and the four stream kinds", async () => {
  const dir = workspace({ 'counter.http': sampleFile('counter.http'), 'streams.http': sampleFile('streams.http') });
  const r = await runCli(['run', dir, '--env', 'test', '--json']);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const report = JSON.parse(r.stdout);
  assert.equal(report.failed, 0);
  const results = report.files.flatMap((f: { results: unknown[] }) => f.results);
  const byTitle = Object.fromEntries(results.map((x: { title: string }) => [x.title, x]));
  assert.deepEqual(byTitle['second'].body, { value: '43' }); // 41+1 chained into the next call
  assert.deepEqual([byTitle['collect'].sent, byTitle['collect'].received], [3, 1]);
  assert.deepEqual([byTitle['generate'].sent, byTitle['generate'].received], [1, 5]);
  assert.deepEqual([byTitle['bidi-sync'].sent, byTitle['bidi-sync'].received], [3, 3]);
  assert.equal(byTitle['overflow'].codeName, 'OUT_OF_RANGE');
});

test('a failing assertion: exit 3, what was found, and a JUnit report with one test case per request', async () => {
  const dir = workspace({
    'a.http':
      'GRPC {{host}}/explorer.sample.v1.Counter/Increment\n\n{"value": "1"}\n\n?? body $.value == 3\n\n###\n# @name ok\nGRPC {{host}}/explorer.sample.v1.Counter/Increment\n\n{}\n',
  });
  const junit = join(dir, 'report.xml');
  const r = await runCli(['run', join(dir, 'a.http'), '--env', 'test', '--junit', junit]);
  assert.equal(r.code, 3, r.stdout + r.stderr);
  assert.match(r.stdout, /✗ Counter\/Increment \(line 1\)/);
  assert.match(r.stdout, /✗ body \$\.value == 3: got "2"/);
  assert.match(r.stdout, /2 requests: 1 passed, 1 failed/);
  const xml = readFileSync(junit, 'utf8');
  assert.equal(xml.match(/<testcase /g)?.length, 2);
  assert.match(xml, /<testsuites name="grpc-explorer run" tests="2" failures="1"/);
  assert.match(xml, /<failure message="body \$\.value == 3: got &quot;2&quot;" type="assertion">/);
  assert.match(xml, /<testcase classname="[^"]*a\.http" name="ok"/);
});

test('a call that fails without a status assertion exits 64 + code, as call does', async () => {
  const dir = workspace({ 'f.http': 'GRPC {{host}}/explorer.sample.v1.Faults/FailUnary\n\n{"code": "NOT_FOUND"}\n' });
  const r = await runCli(['run', dir, '--env', 'test']);
  assert.equal(r.code, 64 + 5, r.stdout + r.stderr);
  assert.match(r.stdout, /NOT_FOUND/);
});

test('TLS: grpcs:// with @grpc-cacert passes; without the CA the handshake fails with UNAVAILABLE', async () => {
  const tls = await startSampleServer({ port: 0, tls: true });
  try {
    const request = (ca: string) =>
      `${ca}GRPC grpcs://{{host}}/explorer.sample.v1.Counter/Increment\n# @grpc-servername localhost\n\n{"value": "1"}\n\n?? body $.value == 2\n`;
    const dir = workspace(
      {
        'ca.pem': tls.caPem!,
        'ok.http': request('# @grpc-cacert ca.pem\n# @grpc-servername localhost\n'),
        'bad.http': request(''),
      },
      tls.address,
    );
    const ok = await runCli(['run', join(dir, 'ok.http'), '--env', 'test']);
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    const bad = await runCli(['run', join(dir, 'bad.http'), '--env', 'test']);
    assert.equal(bad.code, 64 + 14, bad.stdout + bad.stderr);
    // The file sets TLS, not flags: the advice names the file's setting.
    assert.match(bad.stdout + bad.stderr, /# @grpc-cacert FILE/);
    assert.doesNotMatch(bad.stdout + bad.stderr, /--cacert|--insecure-skip-verify/);
  } finally {
    await tls.close();
  }
});

test('a bad file is reported by line and nothing runs; --keep-going runs the good request', async () => {
  const text =
    'GRPC {{host}}/explorer.sample.v1.Counter/Increment\nno colon here\n\n{}\n\n###\nGRPC {{host}}/explorer.sample.v1.Counter/Increment\n\n{"value": "100"}\n';
  const dir = workspace({ 'bad.http': text });
  const before = calls.filter((c) => c.path.endsWith('Increment')).length;
  const stopped = await runCli(['run', dir, '--env', 'test']);
  assert.equal(stopped.code, 1);
  assert.match(stopped.stderr, /bad\.http:2: error: metadata line "no colon here" needs the form key: value/);
  assert.match(stopped.stderr, /nothing was run \(--keep-going runs the good requests anyway\)/);
  assert.doesNotMatch(stopped.stderr + stopped.stdout, /\n\s+at /); // never a stack trace
  const going = await runCli(['run', dir, '--env', 'test', '--keep-going', '--json']);
  assert.equal(going.code, 1);
  const report = JSON.parse(going.stdout);
  assert.deepEqual([report.passed, report.failed], [1, 1]);
  assert.equal(calls.filter((c) => c.path.endsWith('Increment')).length, before + 1);
});

test('an unknown variable names itself and where it was looked for; --env and --name are checked', async () => {
  const dir = workspace({
    'v.http':
      '# @name one\nGRPC {{host}}/explorer.sample.v1.Counter/Increment\nauthorization: Bearer {{token_nobody_sets_42}}\n\n{}\n',
  });
  const r = await runCli(['run', dir, '--env', 'test']);
  assert.equal(r.code, 1);
  assert.match(
    r.stdout,
    /not sent: line 2: \{\{token_nobody_sets_42\}\} is not defined in the file's @variables, environment "test" or the process environment/,
  );
  const env = await runCli(['run', dir, '--env', 'prod']);
  assert.equal(env.code, 2);
  assert.match(env.stderr, /--env prod: environment "prod" is not defined \(known: test/);
  const name = await runCli(['run', dir, '--name', 'two']);
  assert.equal(name.code, 2);
  assert.match(name.stderr, /--name two: no request has that # @name \(named: one\)/);
});

test("the GRPC examples of httpyac's, IntelliJ's and kulala's documentation parse and run", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'grpc-explorer-examples-'));
  cpSync(EXAMPLES_DIR, dir, { recursive: true });
  writeFileSync(join(dir, 'http-client.env.json'), JSON.stringify({ test: { host: examples.address } }));
  const r = await runCli(['run', dir, '--env', 'test', '--json']);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const bodies = JSON.parse(r.stdout).files.flatMap((f: { results: { body: unknown }[] }) =>
    f.results.map((x) => x.body),
  );
  const [dynamic, fromFileSubstituted, fromFileAsWritten] = bodies.splice(5, 3) as { id: string; name: string }[];
  assert.deepEqual(bodies, [
    { reply: 'hello world' }, // httpyac: sayHello
    { reply: 'world 3' }, // LotsOfReplies: the last of three
    { reply: 'world.' }, // lotsOfGreetings: the script's messages are not sent
    { id: '123', name: 'user 123' }, // IntelliJ, by reflection
    { reply: 'hello two' }, // === wait-for-server
    { pong: 'Hello, world!' }, // kulala
    { pong: 'with a flag' }, // kulala: -plaintext in the request line, the Shared block's proto
    { pong: 'with an authority' }, // kulala: # @grpc-authority ("list" is skipped)
    { reply: 'hello world' }, // httpyac's current guide: package-less HelloService, sayHello
    { reply: 'hello world' }, // two requests in one region
    { reply: 'hello john' },
    { reply: 'world 3' }, // LotsOfReplies
    { reply: 'world. How are you? I can stream.' }, // client stream with === separators
    { reply: 'hello I can stream.' }, // bidi: the last after two wait-for-server lines
    { reply: 'hello world' }, // # @grpc-reflection
    { reply: 'hello host' }, // GRPC /path on {{host}}
  ]);
  // IntelliJ's dynamic variables, then messages read from a file: `<@` substitutes, `<` does not.
  assert.match(dynamic!.id, /^[0-9a-f-]{36}\|[0-9a-f-]{36}\|\d+\|\d{4}-\d\d-\d\dT[\d:.]+Z\|\d+\|[2-7]\|/);
  assert.equal(fromFileSubstituted!.id, dynamic!.name);
  assert.equal(fromFileAsWritten!.id, '{{dynamic.response.body.$.name}}');
  const passed = JSON.parse(r.stdout).files.flatMap((f: { results: { assertions: { passed: boolean }[] }[] }) =>
    f.results.flatMap((x) => x.assertions.map((a) => a.passed)),
  );
  assert.deepEqual(passed, [true, true, true, true, true, true], 'every ?? assertion of the examples ran and passed');
  assert.match(r.stderr, /kulala\.http:40: warning: GRPC … list is kulala's schema listing, not a call: skipped/);
  assert.match(r.stderr, /httpyac\.http:33: warning: script block not run/);
});

test('a message over the send limit is refused before it is built, naming its line and --max-msg-size; raising the flag sends it', async () => {
  // The server's own limits are raised, so only the client's limit decides.
  const roomy = await startSampleServer({ port: 0, maxMessageBytes: 32 * 1024 * 1024, onCall: (r) => calls.push(r) });
  try {
    const echoes = () => calls.filter((c) => c.path.endsWith('Types/Echo')).length;
    const echo = (text: string) =>
      `# @name big\nGRPC {{host}}/explorer.sample.v1.Types/Echo\n\n{"stringValue": "${text}"}\n`;
    const dir = workspace({ 'small-limit.http': echo('x'.repeat(100_000)) }, roomy.address);
    const before = echoes();
    const refused = await runCli(['run', dir, '--env', 'test', '--max-msg-size', '64KiB']);
    assert.equal(refused.code, 64 + 8, refused.stdout + refused.stderr); // RESOURCE_EXHAUSTED, as call exits
    assert.match(
      refused.stdout,
      /✗ big {2}not sent: line 4: the request message is at least 10000\d bytes encoded \(from 100019 characters of JSON\), over the send limit of 65536 bytes — raise the limit with --max-msg-size; nothing was sent/,
    );
    const sent = await runCli(['run', dir, '--env', 'test', '--max-msg-size', '1MiB', '--json']);
    assert.equal(sent.code, 0, sent.stdout + sent.stderr);
    const report = JSON.parse(sent.stdout);
    assert.equal(report.files[0].results[0].body.stringValue.length, 100_000);
    assert.equal(echoes(), before + 1, 'only the request under the limit reached the server');

    // grpc-js's default limit (4 MiB) applies without the flag, also checked before the message is built.
    writeFileSync(join(dir, 'small-limit.http'), echo('y'.repeat(5_000_000)));
    const big = await runCli(['run', dir, '--env', 'test']);
    assert.equal(big.code, 64 + 8, big.stdout + big.stderr);
    assert.match(
      big.stdout,
      /not sent: line 4: the request message is at least 500000\d bytes .*over the send limit of 4194304 bytes — raise the limit with --max-msg-size; nothing was sent/,
    );
    assert.equal(echoes(), before + 1);
  } finally {
    await roomy.close();
  }
});
