import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requestStreams as coreRequestStreams, responseStreams as coreResponseStreams } from '../../core/schema/types';
import { METHOD_KINDS, requestStreams, responseStreams } from './index';

test('which side of each kind of method streams', () => {
  const shape = (kind: (typeof METHOD_KINDS)[number]) => [requestStreams({ kind }), responseStreams({ kind })];
  assert.deepEqual(shape('unary'), [false, false]);
  assert.deepEqual(shape('server-streaming'), [false, true]);
  assert.deepEqual(shape('client-streaming'), [true, false]);
  assert.deepEqual(shape('bidi-streaming'), [true, true]);
});

test("the webview's helpers agree with the core's for every kind", () => {
  for (const kind of METHOD_KINDS) {
    assert.equal(requestStreams({ kind }), coreRequestStreams({ kind }), kind);
    assert.equal(responseStreams({ kind }), coreResponseStreams({ kind }), kind);
  }
});
