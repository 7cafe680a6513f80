import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RequestChecks } from './request-checks';

const problem = { path: '$.count', problem: 'expected a whole number' };

test('only the newest check may clear the problem; an older one may still flag one', () => {
  const c = new RequestChecks();
  const older = c.validating();
  const newer = c.validating();
  assert.equal(c.showsCheck(older, null), false, 'an older "valid" must not clear what the newer check says');
  assert.equal(c.showsCheck(older, problem), true);
  assert.equal(c.showsCheck(newer, null), true);
  assert.equal(c.showsCheck(newer, problem), true);
});

test('an accepted start begins a new response; a refused one does not', () => {
  const c = new RequestChecks();
  const first = c.starting();
  assert.equal(c.startedBy(first, { accepted: true }), true);
  const second = c.starting();
  assert.equal(c.startedBy(second, { accepted: false }), false, 'bad JSON, or a call still running');
});

test('a Send after Start means the start reply no longer resets the response', () => {
  const c = new RequestChecks();
  const start = c.starting();
  c.sending();
  assert.equal(c.startedBy(start, { accepted: true }), false);
});

test('the reply to an older start is ignored once a newer start went out', () => {
  const c = new RequestChecks();
  const older = c.starting();
  const newer = c.starting();
  assert.notEqual(older, newer);
  assert.equal(c.startedBy(older, { accepted: true }), false);
  assert.equal(c.startedBy(newer, { accepted: true }), true);
});
