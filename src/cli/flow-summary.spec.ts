import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maxUnacknowledged } from './flow-summary';

test('the server cap is read from a FlowRequest or a FlowClientMessage start, in either spelling', () => {
  assert.equal(maxUnacknowledged('{"count": 5, "maxUnacknowledged": 10}'), 10);
  assert.equal(maxUnacknowledged('{"start": {"max_unacknowledged": "7"}}'), 7);
  assert.equal(maxUnacknowledged('{"count": 5}'), undefined);
  assert.equal(maxUnacknowledged('{"maxUnacknowledged": 0}'), undefined); // 0 = no limit
});
