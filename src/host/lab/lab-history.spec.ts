import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LabEndedMessage, LabExplainedMessage, ToWebviewMessage } from '../../shared/protocol';
import { sampleEnv, type SampleEnv } from '../../../test/experiments/sample-env';
import { LabSession } from './lab-session';

let env: SampleEnv;
before(async () => (env = await sampleEnv()));
after(() => env.close());

test('a slow consumer: the run ends with the exact history, in flight above zero and bounded by flow control', async () => {
  const posted: ToWebviewMessage[] = [];
  const lab = new LabSession({
    connection: env.conn,
    connectionOptions: env.conn.options,
    schema: env.schema,
    method: env.method('FlowControl/Stream'),
    serverStreams: () => env.server.flowStreams(),
    post: (m) => posted.push(m),
  });
  const r = await lab.start({
    type: 'labStart',
    text: '{}',
    metadata: [],
    count: 120,
    size: 1024,
    consumerDelayMs: 5,
    windowBytes: null,
  });
  assert.equal(r?.outcome.codeName, 'OK');
  const explained = posted.filter((m): m is LabExplainedMessage => m.type === 'labExplained');
  const endedAt = posted.findIndex((m) => m.type === 'labEnded');
  assert.equal(explained[0]?.estimated, true, 'explained at the start, from the requested size');
  assert.ok(
    explained.some((m) => !m.estimated && m.messageBytes > 1024),
    'then from the first message',
  );
  assert.ok(posted.indexOf(explained[0]!) < endedAt);
  assert.ok(
    posted.some((m) => m.type === 'labSamples' && m.source === 'server'),
    "live samples read the in-process server's own counter",
  );
  const ended = posted[endedAt] as LabEndedMessage;
  const history = ended.history!;
  assert.ok(history.length > 10, 'a history to draw');
  assert.equal(history.at(-1)?.processed, 120);
  assert.equal(history.at(-1)?.serverSent, 120, 'every send stamp is in by the end');
  const inFlight = history.map((p) => p.inFlight);
  assert.ok(Math.max(...inFlight) > 16, 'messages queue up while the consumer is slow');
  assert.ok(
    inFlight.every((x) => x >= 0 && x <= ended.expectedInFlight + 16),
    `in flight stays within what flow control allows (≤ ${ended.expectedInFlight} + 16): max ${Math.max(...inFlight)}`,
  );
  assert.ok(history.every((p, i) => i === 0 || p.serverSent >= history[i - 1]!.serverSent));
  lab.dispose();
});
