import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explainFlow } from './flow-explain';

test('the settle point: window ÷ (message + 5) plus grpc-js buffers on each side, the last read and the consumer', () => {
  const e = explainFlow({ messageBytes: 1058, consumerDelayMs: 100 });
  assert.deepEqual(
    e.parts.map((p) => p.messages),
    [61, 16, 16, 15, 1],
  );
  assert.equal(e.expectedInFlight, 109);
  assert.match(e.text, /65,535-byte HTTP\/2 window holds 61 of them/);
  assert.match(e.text, /settles near 61 \+ 16 \+ 16 \+ 15 \+ 1 ≈ 109 messages/);
  assert.match(e.text, /one message per message consumed \(10\/s\)/);
});

test('a bigger window holds more; max_unacknowledged caps in flight before flow control does', () => {
  assert.equal(explainFlow({ messageBytes: 1058, windowBytes: 1 << 20 }).parts[0]!.messages, 986);
  const capped = explainFlow({ messageBytes: 1058, maxUnacknowledged: 8 });
  assert.equal(capped.expectedInFlight, 8);
  assert.match(capped.text, /stops at 8 unacknowledged messages/);
});
