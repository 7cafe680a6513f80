import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EVENT_NAMES } from '../core/call/types';
import { ROW_KINDS } from './protocol';

// The webview may not import the core, so the protocol repeats the event names;
// the host sends kinds as indexes, so the two lists must agree name for name.
test('timeline row kinds match the core event kinds, in order', () => {
  assert.deepEqual([...ROW_KINDS], [...EVENT_NAMES]);
});
