import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as protobuf from 'protobufjs';
import { Connection } from '../core/connection';
import type { Schema } from '../core/schema/types';
import type { MetadataEntries } from '../core/metadata';
import type { PersistedPanelState, ToWebviewMessage } from '../shared/protocol';
import { Methods, startTestServer, type TestServer } from '../../test/network/fixtures/test-service';
import { PanelHost, type PanelHistoryEntry, type PanelShell, type PanelTarget } from './panel-host';
import { KeptRuns } from './runner/kept-runs';
import { secretRef } from './secret-refs';
import type { WritableRequest } from '../core/requests/write';

// The schema the test server serves (test/network/fixtures/test-service.ts).
const root = protobuf.parse(`
syntax = "proto3";
package test.v1;
message Msg {
  string text = 1; int32 count = 2; int32 size = 3; int32 delay_ms = 4;
  int32 fail_code = 5; bool hang = 6; bytes payload = 7; int32 seq = 8;
}`).root;
const schema = { root, services: [], origin: 'proto' } as unknown as Schema;

let serverA: TestServer;
let serverB: TestServer;
before(async () => {
  [serverA, serverB] = await Promise.all([startTestServer(), startTestServer()]);
});
after(async () => {
  await Promise.all([serverA.close(), serverB.close()]);
});

const targetOn = (server: TestServer, id = 'target'): PanelTarget => ({
  id,
  label: server.address,
  options: { address: server.address, transport: { kind: 'plaintext' } },
  connection: new Connection({ address: server.address, transport: { kind: 'plaintext' } }),
  schema,
  metadata: [['x-who', 'tree']],
});

/** A panel host on the unary test method, with a shell that records what it is asked to do. */
function host(target = targetOn(serverA), restored?: PersistedPanelState, panelSecrets?: MetadataEntries) {
  const posts: ToWebviewMessage[] = [];
  const asked: string[] = [];
  const warnings: string[] = [];
  const saved: WritableRequest[] = [];
  const recorded: PanelHistoryEntry[] = [];
  const waiters: (() => void)[] = [];
  const shell: PanelShell = {
    post: (m) => (posts.push(m), waiters.splice(0).forEach((w) => w())),
    settings: () => ({ defaultDeadlineMs: 5000, payloadMemoryCapBytes: 1024 * 1024, emitDefaults: false }),
    log: { warn: (t) => warnings.push(t), error: (e) => assert.fail(`unexpected error: ${e}`) },
    keptRuns: new KeptRuns(),
    exportCall: async (_calls, format) => void asked.push(`call ${format}`),
    exportRun: async (run, format) => void asked.push(`run ${run === undefined ? 'none' : 'kept'} ${format}`),
    exportLab: async (result, format) => void asked.push(`lab ${result === undefined ? 'none' : 'kept'} ${format}`),
    saveRequest: async (request) => void saved.push(request),
    record: (entry) => recorded.push(entry),
  };
  const panel = new PanelHost(shell, target, Methods.unary, restored, panelSecrets);
  const waitFor = async <T extends ToWebviewMessage['type']>(
    type: T,
    pred: (m: Extract<ToWebviewMessage, { type: T }>) => boolean = () => true,
  ): Promise<Extract<ToWebviewMessage, { type: T }>> => {
    for (;;) {
      const hit = posts.find((m) => m.type === type && pred(m as Extract<ToWebviewMessage, { type: T }>));
      if (hit) return hit as Extract<ToWebviewMessage, { type: T }>;
      await new Promise<void>((r) => waiters.push(r));
    }
  };
  return { panel, target, posts, asked, warnings, saved, recorded, waitFor };
}

const start = (text: string, requestId: number) => ({ type: 'start', requestId, text, metadata: [], deadlineMs: 5000 });

test('ready is answered with init: the method, the template, the target metadata and the default deadline', async () => {
  const h = host();
  h.panel.receive({ type: 'ready' });
  const { init } = await h.waitFor('init');
  assert.equal(init.method.fullName, Methods.unary.fullName);
  assert.equal(init.editorText, init.template);
  assert.deepEqual(init.metadata, [['x-who', 'tree']]);
  assert.equal(init.deadlineMs, 5000);
  h.panel.dispose();
});

test('a malformed message is logged and dropped; nothing reaches a session', () => {
  const h = host();
  for (const raw of [null, 'start', { type: 'nope' }, { type: 'start', requestId: 'x' }]) h.panel.receive(raw);
  assert.equal(h.warnings.length, 4);
  assert.match(h.warnings[0]!, /ignored a malformed message/);
  assert.deepEqual(h.posts, []);
  h.panel.dispose();
});

test('validate, start and send each get their own reply, naming the request', async () => {
  const h = host();
  h.panel.receive({ type: 'validate', requestId: 1, text: '{"count": "three"}' });
  const checked = await h.waitFor('validateResult');
  assert.equal(checked.inReplyTo, 1);
  assert.equal(checked.problem?.path, '$.count');
  h.panel.receive(start('{"count": "three"}', 2));
  const refused = await h.waitFor('startResult', (m) => m.inReplyTo === 2);
  assert.equal(refused.accepted, false);
  assert.equal(refused.problem?.path, '$.count');
  h.panel.receive(start('{"text": "hi"}', 3));
  assert.equal((await h.waitFor('startResult', (m) => m.inReplyTo === 3)).accepted, true);
  assert.equal((await h.waitFor('callEnded')).outcome.codeName, 'OK');
  h.panel.receive({ type: 'send', requestId: 4, text: '{}' });
  const sent = await h.waitFor('sendResult');
  assert.equal(sent.inReplyTo, 4);
  assert.ok(
    h.posts.some((m) => m.type === 'notice' && /no call is open/.test(m.text)),
    'unary has no stream to send on',
  );
  h.panel.dispose();
});

test('exports go to the shell with what they are about', async () => {
  const h = host();
  h.panel.receive({ type: 'export', format: 'csv' });
  h.panel.receive({ type: 'runExport', runId: 42, format: 'k6' });
  h.panel.receive({ type: 'labExport', format: 'json' });
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(h.asked, ['call csv', 'run none k6', 'lab none json']);
  h.panel.dispose();
});

test('stats follow the tab the webview shows, across a reconnect; a reloaded webview starts without them', async () => {
  const h = host();
  h.panel.receive({ type: 'view', shown: 'timeline' });
  h.panel.receive(start('{"text": "hi"}', 1));
  await h.waitFor('callEnded');
  assert.equal(h.posts.filter((m) => m.type === 'stats').length, 0, 'the Timing tab is not shown: no stats');
  h.panel.receive({ type: 'view', shown: 'timing' });
  assert.equal((await h.waitFor('stats')).received.count, 1, 'opened: the stats at once');
  const reconnected = targetOn(serverB);
  h.panel.retarget(() => reconnected); // a new call session: it is told the Timing tab shows
  h.posts.splice(0);
  h.panel.receive(start('{"text": "again"}', 2));
  await h.waitFor('callEnded');
  assert.equal(h.posts.filter((m) => m.type === 'stats').at(-1)?.received.count, 1, 'the new session posts stats too');
  h.panel.receive({ type: 'ready' }); // the webview reloaded: it shows another tab until it says otherwise
  await h.waitFor('init');
  h.posts.splice(0);
  h.panel.receive({ type: 'ready' });
  await h.waitFor('callEnded');
  assert.equal(h.posts.filter((m) => m.type === 'stats').length, 0, 'a replay without the Timing tab posts no stats');
  h.panel.dispose();
  reconnected.connection.close();
});

test('a target reconnected while a call runs: the panel switches once the call ends, and calls go to the new one', async () => {
  const old = await startTestServer();
  const h = host(targetOn(old));
  h.panel.receive(start('{"hang": true}', 1));
  await h.waitFor('startResult');
  const reconnected = targetOn(serverB);
  h.panel.retarget(() => reconnected);
  h.panel.receive({ type: 'cancel' });
  await h.waitFor('callEnded');
  h.target.connection.close(); // the shell closes the old channel when it reconnects
  old.kill(); // and the old address no longer answers: a call there would fail UNAVAILABLE
  h.posts.splice(0);
  h.panel.receive(start('{"text": "again"}', 2));
  // The call ends (OK over the new connection), or does not even start on the closed old channel.
  const second = await Promise.race([h.waitFor('callEnded'), h.waitFor('notice')]);
  assert.equal(second.type, 'callEnded', JSON.stringify(second));
  assert.equal(second.outcome.codeName, 'OK', `${second.outcome.codeName}: ${second.outcome.details}`);
  h.panel.dispose();
  reconnected.connection.close();
});

test('a target dropped by the shell is announced; the panel keeps what it has', async () => {
  const h = host();
  h.panel.retarget(() => undefined);
  const notice = await h.waitFor('notice');
  assert.match(notice.text, /is disconnected\. Connect to it again/);
  h.panel.dispose();
});

test('a panel opened with a secret row (a SecretStorage value of a request file): the webview gets a reference, the call the value', async () => {
  const secret = 'Bearer s3cr3t-from-keychain';
  const restored: PersistedPanelState = {
    sessionId: 'target',
    methodFullName: Methods.unary.fullName,
    editorText: '{"text": "hi"}',
    metadata: [['x-token', secret], ['x-plain', 'shown']],
  };
  const h = host(targetOn(serverA), restored, [['x-token', secret]]);
  h.panel.receive({ type: 'ready' });
  const { init } = await h.waitFor('init');
  assert.deepEqual(init.metadata, [['x-token', secretRef('x-token')], ['x-plain', 'shown']]);
  assert.ok(!JSON.stringify(h.posts).includes('s3cr3t'), 'nothing the webview got (and may persist) holds the value');
  // The webview sends back what it holds; the test server echoes x- headers, so the reply shows what went out.
  h.panel.receive({ ...start('{"text": "hi"}', 1), metadata: init.metadata });
  const { outcome } = await h.waitFor('callEnded');
  assert.equal(outcome.codeName, 'OK');
  assert.deepEqual(outcome.headers.filter(([k]) => k.startsWith('x-')), [['x-token', secret], ['x-plain', 'shown']]);
  h.panel.dispose();
});

test('after a reload, a panel opened with a secret row no longer has its value: Start is refused, naming the row, and nothing is sent', async () => {
  const restored: PersistedPanelState = {
    sessionId: 'target',
    methodFullName: Methods.unary.fullName,
    editorText: '{"text": "hi"}',
    metadata: [['x-token', secretRef('x-token')]],
  };
  const h = host(targetOn(serverA), restored); // the reloaded panel: its secret rows are gone
  h.panel.receive({ type: 'ready' });
  const { init } = await h.waitFor('init');
  h.panel.receive({ ...start('{"text": "hi"}', 1), metadata: init.metadata });
  const result = await h.waitFor('startResult');
  assert.equal(result.accepted, false);
  const notice = await h.waitFor('notice');
  assert.match(notice.text, /^Not sent: metadata "x-token" holds a secret reference/);
  assert.match(notice.text, /from its \.http file/);
  assert.ok(!h.posts.some((p) => p.type === 'callProgress' || p.type === 'callEnded'), 'no call was made');
  h.panel.receive({ type: 'runStart', text: '{}', metadata: init.metadata, deadlineMs: null, mode: 'calls', total: 1, concurrency: 1, rate: null, durationMs: null, chain: null });
  await h.waitFor('notice', (n) => n.text.startsWith('Run not started: metadata "x-token"'));
  h.panel.dispose();
});

test('Save to .http gets the target, transport, messages and deadline; a secret reference becomes a variable, never the value', async () => {
  const secretTarget: PanelTarget = {
    ...targetOn(serverA),
    options: { address: serverA.address, transport: { kind: 'tls', serverName: 'test.local' } },
    metadata: [['authorization', 'Bearer s3cret']],
    secretKeys: ['authorization'],
  };
  const { panel, saved } = host(secretTarget);
  panel.receive({
    type: 'saveToHttp',
    messages: [{ text: '{"text": "hi"}', waitForServer: false }],
    metadata: [
      ['authorization', '${secret:authorization}'],
      ['x-id', '7'],
    ],
    deadlineMs: 1500,
  });
  const [request] = saved;
  assert.ok(request, 'the shell was asked to save');
  assert.equal(request.target, serverA.address);
  assert.equal(request.method, Methods.unary.fullName);
  assert.deepEqual(request.settings, {
    tls: true,
    serverName: 'test.local',
    protoFiles: [],
    importPaths: [],
    protosetFiles: [],
    deadline: '1500ms',
  });
  assert.deepEqual(request.metadata, [
    ['authorization', '{{authorization}}'],
    ['x-id', '7'],
  ]);
  assert.deepEqual(request.messages, [{ text: '{"text": "hi"}', waitForServer: false }]);
  assert.doesNotMatch(JSON.stringify(saved), /s3cret/);
});

test('a call made from the panel lands in the history with its status and counts; a secret value never does', async () => {
  const h = host({
    ...targetOn(serverA),
    metadata: [['authorization', 'Bearer s3cret']],
    secretKeys: ['authorization'],
  });
  h.panel.receive({
    type: 'start',
    requestId: 1,
    text: '{"text": "hi"}',
    metadata: [
      ['authorization', '${secret:authorization}'],
      ['x-id', '7'],
    ],
    deadlineMs: 5000,
  });
  const ended = await h.waitFor('callEnded');
  assert.deepEqual(
    ended.outcome.headers.find(([k]) => k === 'x-id'),
    ['x-id', '7'],
    'the call went out',
  );
  const [entry] = h.recorded;
  assert.ok(entry, 'the call was recorded');
  assert.equal(entry.origin, 'panel');
  assert.equal(entry.target, serverA.address);
  assert.equal(entry.method, Methods.unary.fullName);
  assert.equal(entry.codeName, 'OK');
  assert.equal(entry.sent, 1);
  assert.equal(entry.received, 1);
  assert.deepEqual(entry.messages, ['{"text": "hi"}']);
  assert.deepEqual(entry.metadata, [
    ['authorization', '{{authorization}}'],
    ['x-id', '7'],
  ]);
  assert.doesNotMatch(JSON.stringify(h.recorded), /s3cret/);
  h.panel.dispose();
});

test("a run of the panel's runner lands in the history as one entry: its calls, failures and time", async () => {
  const h = host();
  h.panel.receive({
    type: 'runStart',
    text: '{"text": "hi"}',
    metadata: [['api-token', 'tok123']],
    deadlineMs: null,
    mode: 'calls',
    total: 20,
    concurrency: 2,
    rate: null,
    durationMs: null,
    chain: null,
  });
  await h.waitFor('runs', (m) => !m.running && m.runs.length === 1);
  const [entry] = h.recorded;
  assert.ok(entry, 'the run was recorded');
  assert.equal(entry.origin, 'runner');
  assert.equal(entry.codeName, 'OK');
  assert.deepEqual(entry.calls && { count: entry.calls.count, failed: entry.calls.failed }, { count: 20, failed: 0 });
  assert.ok(entry.durationMs > 0);
  assert.deepEqual(entry.metadata, [['api-token', '{{api_token}}']], 'a credential-looking value is redacted');
  h.panel.dispose();
});
