import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { measureRunnerOverhead } from '../core/experiments';
import type { RunStartRequest, RunsMessage, ToWebviewMessage } from '../shared/protocol';
import { sampleEnv, type SampleEnv } from '../../test/experiments/sample-env';
import { KeptRuns } from './runner/kept-runs';
import { LabSession, labRequest } from './lab/lab-session';
import { RunnerSession, type RunnerSessionOptions } from './runner/runner-session';
import { ghzCommand, k6Script, runToJson } from '../core/export';
import { referencedKeys, secretRef } from './secret-refs';

let env: SampleEnv;
before(async () => (env = await sampleEnv()));
after(() => env.close());

const RUN: RunStartRequest = {
  type: 'runStart',
  text: '{"value": "0"}',
  metadata: [],
  deadlineMs: null,
  mode: 'calls',
  total: 200,
  concurrency: 1,
  rate: null,
  durationMs: null,
  chain: '$.value',
};

function runner(method: string, store: KeptRuns, posted: ToWebviewMessage[], more: Partial<RunnerSessionOptions> = {}): RunnerSession {
  return new RunnerSession({
    ...more,
    sessionId: 'sample-server',
    connection: env.conn,
    schema: env.schema,
    method: env.method(method),
    store,
    post: (m) => posted.push(m),
    measureOverhead: async () => (await measureRunnerOverhead({ calls: 100 })).summary,
  });
}

const lastRuns = (posted: ToWebviewMessage[]) => posted.filter((m): m is RunsMessage => m.type === 'runs').at(-1)!;

test('runs of Increment and IncrementStream are kept per target and compared with the first', async () => {
  const store = new KeptRuns();
  const unaryPosts: ToWebviewMessage[] = [];
  const streamPosts: ToWebviewMessage[] = [];
  const unary = runner('Counter/Increment', store, unaryPosts);
  const stream = runner('Counter/IncrementStream', store, streamPosts);
  const a = await unary.start(RUN);
  assert.equal(a?.count, 200);
  assert.deepEqual(a?.lastResponse, { value: '200' }, 'the chain fed each reply into the next request');
  assert.ok(
    unaryPosts.some((m) => m.type === 'runProgress'),
    'progress was shown while it ran',
  );
  await stream.start({ ...RUN, mode: 'stream-lockstep' });
  for (const posts of [unaryPosts, streamPosts]) {
    const runs = lastRuns(posts);
    assert.equal(runs.runs.length, 2, 'both panels of the target see both runs');
    assert.equal(runs.running, false);
    assert.match(runs.overhead ?? '', /runner limit/);
  }
  const [base, other] = lastRuns(unaryPosts).runs;
  assert.equal(base!.vsBaseline, null);
  assert.equal(base!.statusCodes.OK, 200);
  assert.ok(base!.latency.p50Us > 0 && base!.latency.p999Us >= base!.latency.p99Us);
  assert.equal(
    base!.histogram.counts.reduce((x, y) => x + y, 0),
    200,
  );
  assert.match(other!.label, /lock-step/);
  assert.ok(Number.isFinite(other!.vsBaseline!.throughputRatio) && other!.vsBaseline!.throughputRatio > 0);
  unary.clear();
  assert.equal(lastRuns(streamPosts).runs.length, 0, 'clearing empties the list in every panel of the target');
  unary.dispose();
  stream.dispose();
});

test('a bad chain path is refused with the path named; a cancelled run is kept as cancelled', async () => {
  const posted: ToWebviewMessage[] = [];
  const s = runner('Counter/Increment', new KeptRuns(), posted);
  assert.equal(await s.start({ ...RUN, chain: '$.nope' }), undefined);
  const notice = posted.find((m) => m.type === 'notice');
  assert.ok(notice && notice.type === 'notice' && notice.text.includes('nope'), JSON.stringify(notice));
  const going = s.start({ ...RUN, chain: null, total: null, durationMs: 60_000 });
  setTimeout(() => s.cancel(), 200);
  const r = await going;
  assert.equal(r?.cancelled, true);
  assert.equal(lastRuns(posted).runs[0]?.cancelled, true);
  s.dispose();
});

test('a kept run and its exports hold references for secret values, from the call rows and the reflection headers', async () => {
  const SECRET = 'Bearer s3cr3t-run';
  const connectHeaders: [string, string][] = [['authorization', SECRET], ['x-tenant', 'acme']];
  const posted: ToWebviewMessage[] = [];
  const store = new KeptRuns();
  const s = runner('Counter/Increment', store, posted, {
    secretKeys: ['authorization'],
    targetMetadata: connectHeaders,
    schemaSource: { kind: 'reflection', metadata: connectHeaders },
  });
  // What the host passes on after resolving the webview's references.
  const ran = await s.start({ ...RUN, total: 3, metadata: [['authorization', SECRET], ['x-copy', SECRET], ['x-tenant', 'acme']] });
  assert.equal(ran?.count, 3);
  assert.equal(ran?.errors, 0);
  const kept = store.get(lastRuns(posted).runs[0]!.id)!;
  const files = [runToJson(kept), ghzCommand(kept.load!, { secretKeys: referencedKeys(kept.load!.metadata) }).text, k6Script(kept.load!, { secretKeys: referencedKeys(kept.load!.metadata) }).text];
  for (const f of [...files, JSON.stringify(posted)]) assert.ok(!f.includes('s3cr3t'), f.slice(0, 400));
  assert.ok(runToJson(kept).includes(secretRef('authorization')), 'the export says a secret was sent');
  assert.match(files[1]!, /\$AUTHORIZATION/, 'ghz reads the value from the environment');
  s.dispose();
});

test('labRequest writes count and size at the top or under start', () => {
  const root = env.schema.root;
  assert.deepEqual(JSON.parse(labRequest('{}', root, 'explorer.sample.v1.FlowRequest', { count: 300, size: 64 })), {
    count: 300,
    size: 64,
  });
  const withAcks = labRequest('{"start": {"max_unacknowledged": 5}}', root, 'explorer.sample.v1.FlowClientMessage', {
    count: 10,
    size: null,
  });
  assert.deepEqual(JSON.parse(withAcks), { start: { max_unacknowledged: 5, count: 10 } });
  assert.equal(labRequest('not json', root, 'explorer.sample.v1.FlowRequest', { count: null, size: null }), 'not json');
});

test('the lab streams batched samples, ends with an explanation and closes its own window connection', async () => {
  const posted: ToWebviewMessage[] = [];
  const lab = new LabSession({
    connection: env.conn,
    connectionOptions: env.conn.options,
    schema: env.schema,
    method: env.method('FlowControl/Stream'),
    post: (m) => posted.push(m),
  });
  const r = await lab.start({
    type: 'labStart',
    text: '{}',
    metadata: [],
    count: 60,
    size: 256,
    consumerDelayMs: 2,
    windowBytes: 1 << 20,
  });
  assert.equal(r?.outcome.codeName, 'OK');
  assert.equal(r?.windowBytes, 1 << 20);
  const samples = posted.flatMap((m) => (m.type === 'labSamples' ? m.samples : []));
  assert.equal(samples.at(-1)?.processed, 60, 'the chart ends with every message processed');
  assert.ok(samples.every((s, i) => i === 0 || s.tMs >= samples[i - 1]!.tMs));
  const ended = posted.find((m) => m.type === 'labEnded');
  assert.ok(ended && ended.type === 'labEnded' && ended.explanation.length > 40);
  assert.equal(lab.result, r);
  lab.dispose();
});

test('a Runner request over the send limit is refused before any call, naming its size, the limit and the setting', async () => {
  const posted: ToWebviewMessage[] = [];
  const s = new RunnerSession({
    sessionId: 'sample-server',
    connection: env.connect({ maxSendMessageBytes: 1024 }),
    schema: env.schema,
    method: env.method('Types/Echo'),
    store: new KeptRuns(),
    post: (m) => posted.push(m),
    measureOverhead: async () => 'not measured',
  });
  const r = await s.start({ ...RUN, chain: null, total: 5, text: JSON.stringify({ string_value: 'x'.repeat(3000) }) });
  assert.equal(r, undefined, 'the run did not start');
  const notice = posted.find((m) => m.type === 'notice');
  assert.ok(notice && notice.type === 'notice', JSON.stringify(posted));
  assert.match(
    notice.text,
    /^The run did not start: \$: the request message is at least 300\d bytes encoded \(from \d+ characters of JSON\), over the send limit of 1024 bytes — raise the grpcExplorer\.maxMessageBytes setting; nothing was sent/,
  );
  assert.equal(lastRuns(posted).runs.length, 0, 'no run was kept');
  s.dispose();
});

test('a lab request over the send limit is refused before the stream starts, naming the setting', async () => {
  const posted: ToWebviewMessage[] = [];
  const lab = new LabSession({
    connection: env.connect({ maxSendMessageBytes: 8 }),
    connectionOptions: env.conn.options,
    schema: env.schema,
    method: env.method('FlowControl/Stream'),
    post: (m) => posted.push(m),
  });
  const text = '{"rate_per_second": 1000000}'; // 9 bytes, 14 with count and size: over 8
  const r = await lab.start({ type: 'labStart', text, metadata: [], count: 60, size: 256, consumerDelayMs: 0, windowBytes: null });
  assert.equal(r, undefined);
  const notice = posted.find((m) => m.type === 'notice');
  assert.ok(notice && notice.type === 'notice', JSON.stringify(posted));
  assert.match(notice.text, /^The lab did not start: \$: the request message is (at least )?\d+ bytes encoded .*over the send limit of 8 bytes — raise the grpcExplorer\.maxMessageBytes setting; nothing was sent/);
  assert.ok(!posted.some((m) => m.type === 'labStarted'), 'no stream was started');
  lab.dispose();
});
