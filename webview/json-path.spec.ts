import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pathToPointer, pointerAndParents } from './json-path';

test('the host paths of InputError become JSON pointers', () => {
  assert.equal(pathToPointer('$'), '');
  assert.equal(pathToPointer('$.items[2].at'), '/items/2/at');
  assert.equal(pathToPointer('$["two words"].x'), '/two words/x');
  assert.equal(pathToPointer('$["a/b~c"]'), '/a~1b~0c');
  assert.equal(pathToPointer('metadata'), undefined);
  assert.equal(pathToPointer('$.items[x]'), undefined);
});

test('a missing field is shown on its closest existing parent', () => {
  assert.deepEqual(pointerAndParents('/a/2/b'), ['/a/2/b', '/a/2', '/a', '']);
  assert.deepEqual(pointerAndParents(''), ['']);
});
