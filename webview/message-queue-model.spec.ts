import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MessageQueue, previewOf } from './message-queue-model';

const three = {
  messages: [
    { text: '{"value": "1"}', waitForServer: false },
    { text: '{"value": "2"}', waitForServer: true },
    { text: '{"value": "3"}', waitForServer: false },
  ],
  next: 0,
};

test('Send goes through the prepared messages one by one, loading the next into the editor', () => {
  const q = new MessageQueue(three);
  assert.equal(q.active, true);
  assert.equal(q.pending, 3);
  assert.equal(q.sent(), '{"value": "2"}');
  assert.equal(q.sent(), '{"value": "3"}');
  assert.equal(q.pending, 1);
  assert.equal(q.sent(), undefined, 'the last one sent: nothing left to load');
  assert.equal(q.pending, 0);
  assert.equal(q.sent(), undefined);
  assert.equal(q.next, 3);
});

test('an edit in the editor changes the message it holds, and Save to .http writes every message with its wait', () => {
  const q = new MessageQueue(three);
  q.sent();
  q.edited('{"value": "20"}');
  assert.deepEqual(q.toSave('{"value": "22"}'), [
    { text: '{"value": "1"}', waitForServer: false },
    { text: '{"value": "22"}', waitForServer: true },
    { text: '{"value": "3"}', waitForServer: false },
  ]);
  assert.deepEqual(new MessageQueue().toSave('{"a": 1}'), [{ text: '{"a": 1}', waitForServer: false }]);
});

test('picking a message in the list makes it the next; a new stream starts over; Clear empties it', () => {
  const q = new MessageQueue({ ...three, next: 3 });
  assert.equal(q.select(1), '{"value": "2"}');
  assert.equal(q.pending, 2);
  assert.equal(q.select(7), undefined);
  assert.equal(q.rewind(), '{"value": "1"}');
  assert.deepEqual(q.state().next, 0);
  q.clear();
  assert.equal(q.active, false);
  assert.equal(q.sent(), undefined);
});

test('a saved state past its messages is held at the end', () => {
  assert.equal(new MessageQueue({ ...three, next: 9 }).next, 3);
});

test('the list shows each message on one line, cut short when long', () => {
  assert.equal(previewOf('{\n  "value": "1"\n}'), '{"value":"1"}');
  assert.equal(previewOf('{"a": "' + 'x'.repeat(100) + '"}', 20).length, 20);
  assert.equal(previewOf('{ broken\n json'), '{ broken json');
});

test('Send all ends the stream after the last message unless the person unticked it; the choice is kept in the state', () => {
  const q = new MessageQueue(three);
  assert.equal(q.endAfterLast, true, 'a request file\'s messages are the whole stream');
  assert.equal(q.endsAfterSendAll(), false, 'messages are left');
  q.sent();
  q.sent();
  assert.equal(q.endsAfterSendAll(), false, 'one is left');
  q.sent();
  assert.equal(q.endsAfterSendAll(), true, 'the last went out: end (half-close)');
  q.endAfterLast = false;
  assert.equal(q.endsAfterSendAll(), false, 'kept open to send more');
  assert.deepEqual(q.state().endAfterLast, false);
  assert.equal(new MessageQueue(q.state()).endAfterLast, false, 'a reloaded panel keeps the choice');
  assert.equal(new MessageQueue({ ...three, next: 3 }).endsAfterSendAll(), true);
  assert.equal(new MessageQueue().endsAfterSendAll(), false, 'no prepared messages: nothing to end');
  assert.equal('endAfterLast' in new MessageQueue(three).state(), false, 'the default is not written');
});
