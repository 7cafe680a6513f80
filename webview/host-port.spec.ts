import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FromWebviewMessage, ToWebviewMessage } from '../src/shared/protocol';
import { HostChannel } from './host-port';

/** A channel whose posts are recorded, as the host would receive them. */
function channel() {
  const sent: FromWebviewMessage[] = [];
  return { sent, port: new HostChannel((m) => sent.push(m)) };
}

const requestIdOf = (m: FromWebviewMessage | undefined): number => {
  assert.ok(m && 'requestId' in m, 'a request carries a requestId');
  return m.requestId;
};

test('each request gets a fresh requestId and resolves with the reply that names it', async () => {
  const { sent, port } = channel();
  const first = port.request({ type: 'validate', text: '{"a": 1}' });
  const second = port.request({ type: 'validate', text: '{"a": 2}' });
  const [a, b] = [requestIdOf(sent[0]), requestIdOf(sent[1])];
  assert.notEqual(a, b);
  assert.deepEqual(sent[1], { type: 'validate', text: '{"a": 2}', requestId: b });
  // Replies may come in any order: each settles its own request.
  port.deliver({ type: 'validateResult', inReplyTo: b, problem: { path: '$.a', problem: 'two' } });
  port.deliver({ type: 'validateResult', inReplyTo: a, problem: null });
  assert.equal((await first).problem, null);
  assert.equal((await second).problem?.path, '$.a');
  assert.equal(port.waiting, 0, 'nothing is left waiting');
});

test('replies are consumed by the channel; pushed messages are handed on to the panel', () => {
  const { port } = channel();
  void port.request({ type: 'getRows', callId: 1, start: 0, count: 10 });
  const reply: ToWebviewMessage = { type: 'rows', inReplyTo: 1, callId: 1, start: 0, total: 0, rows: [] };
  assert.equal(port.deliver(reply), undefined);
  const push: ToWebviewMessage = { type: 'notice', level: 'info', text: 'exported' };
  assert.equal(port.deliver(push), push);
});

test('a reply nobody waits for (unknown or answered already) is dropped without harm', async () => {
  const { port } = channel();
  const asked = port.request({ type: 'send', text: '{}' });
  assert.equal(port.deliver({ type: 'sendResult', inReplyTo: 99, problem: null }), undefined);
  assert.equal(port.waiting, 1, 'the unrelated reply settled nothing');
  port.deliver({ type: 'sendResult', inReplyTo: 1, problem: null });
  port.deliver({ type: 'sendResult', inReplyTo: 1, problem: { path: '$', problem: 'late twin' } });
  assert.equal((await asked).problem, null, 'the first reply wins; a duplicate changes nothing');
});

test('start, send and validate each resolve with their own reply type', async () => {
  const { sent, port } = channel();
  const start = port.request({ type: 'start', text: null, metadata: [], deadlineMs: null });
  const send = port.request({ type: 'send', text: '{"n": 1}' });
  port.deliver({ type: 'startResult', inReplyTo: requestIdOf(sent[0]), problem: null, accepted: true });
  port.deliver({ type: 'sendResult', inReplyTo: requestIdOf(sent[1]), problem: null });
  const [started, sentReply] = await Promise.all([start, send]);
  assert.equal(started.type, 'startResult');
  assert.equal(started.accepted, true);
  assert.equal(sentReply.type, 'sendResult');
});

test('post sends a message as it is, without a requestId', () => {
  const { sent, port } = channel();
  port.post({ type: 'cancel' });
  port.post({ type: 'setFilter', kinds: ['sent'], search: 'x' });
  assert.deepEqual(sent, [{ type: 'cancel' }, { type: 'setFilter', kinds: ['sent'], search: 'x' }]);
  assert.equal(port.waiting, 0);
});
