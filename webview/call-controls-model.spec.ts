import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CallControlsModel, readDeadline } from './call-controls-model';

/** Read through a call, so TypeScript does not narrow the getter between steps. */
const line = (c: CallControlsModel) => c.stateText;

test('unary: Send starts a call; while it runs only Cancel is enabled', () => {
  const c = new CallControlsModel('unary');
  assert.equal(c.streamsRequests, false);
  assert.equal(c.sendStarts, true);
  assert.deepEqual(c.buttons, { start: false, send: false, end: true, cancel: true });
  assert.deepEqual(line(c), { text: 'idle', className: 'state idle' });
  c.progress('connecting');
  assert.equal(c.running, true);
  assert.equal(c.sendStarts, false);
  assert.deepEqual(c.buttons, { start: true, send: true, end: false, cancel: false });
  assert.deepEqual(line(c), { text: 'connecting…', className: 'state connecting' });
});

test('bidi: Send stays enabled on the open stream until End; the state line says half-closed', () => {
  const c = new CallControlsModel('bidi-streaming');
  assert.equal(c.streamsRequests, true);
  c.progress('streaming');
  assert.equal(c.buttons.send, false, 'Send goes on the open stream');
  assert.equal(c.buttons.start, true, 'no second Start while one is open');
  assert.equal(c.buttons.end, false);
  c.halfClose();
  assert.deepEqual(c.buttons, { start: true, send: true, end: true, cancel: false });
  assert.equal(line(c)?.text, 'streaming (half-closed)');
});

test('the end of a call shows its status; OK and failures are told apart', () => {
  const c = new CallControlsModel('server-streaming');
  c.progress('streaming');
  c.progress('ended');
  assert.ok(line(c) === undefined, 'ended, but the status has not come yet: the line keeps its text');
  c.ended('OK');
  assert.deepEqual(line(c), { text: 'ended: OK', className: 'state ended ok' });
  c.ended('DEADLINE_EXCEEDED');
  assert.deepEqual(line(c), { text: 'ended: DEADLINE_EXCEEDED', className: 'state ended failed' });
  assert.equal(c.sendStarts, true, 'Send starts the next call');
  c.progress('ended'); // a replayed progress of the same call
  assert.equal(line(c)?.text, 'ended: DEADLINE_EXCEEDED');
});

test('a new call after a half-closed one starts with End enabled again', () => {
  const c = new CallControlsModel('client-streaming');
  c.progress('streaming');
  c.halfClose();
  c.ended('OK');
  c.progress('connecting');
  assert.equal(c.buttons.end, false);
  assert.equal(line(c)?.text, 'connecting…');
});

test('the deadline field: empty is none, a positive number is ms, anything else is flagged', () => {
  assert.deepEqual(readDeadline(''), { valid: true, ms: null });
  assert.deepEqual(readDeadline('  250 '), { valid: true, ms: 250 });
  assert.deepEqual(readDeadline('1.5'), { valid: true, ms: 1.5 });
  for (const bad of ['0', '-5', 'soon', String(2 ** 31), 'Infinity'])
    assert.deepEqual(readDeadline(bad), { valid: false, ms: null }, bad);
});
