import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskSecrets, maskSecretValues, referencedKeys, resolveSecrets, secretRef, withSecretsResolved } from './secret-refs';

const target: [string, string][] = [
  ['authorization', 'Bearer s3cr3t-token'],
  ['x-tenant', 'acme'],
];
const secretKeys = ['authorization'];

test('the rows sent to the webview hold a reference in place of each secret value, never the value', () => {
  const rows = maskSecrets(target, secretKeys);
  assert.deepEqual(rows, [
    ['authorization', secretRef('authorization')],
    ['x-tenant', 'acme'],
  ]);
  assert.ok(!JSON.stringify(rows).includes('s3cr3t'), 'the secret is nowhere in what the webview gets (or persists)');
  // A state persisted before this change held the value in clear: masking it again removes it.
  assert.ok(!JSON.stringify(maskSecrets([['Authorization', 'Bearer s3cr3t-token']], secretKeys)).includes('s3cr3t'));
});

test('the host puts the value back when the call starts; other rows and stray references pass unchanged', () => {
  const edited: [string, string][] = [
    ['authorization', secretRef('authorization')],
    ['x-tenant', 'globex'],
    ['x-other', secretRef('x-tenant')], // x-tenant is not secret: no substitution
  ];
  assert.deepEqual(resolveSecrets(edited, target, secretKeys), [
    ['authorization', 'Bearer s3cr3t-token'],
    ['x-tenant', 'globex'],
    ['x-other', secretRef('x-tenant')],
  ]);
  const start = { type: 'start', requestId: 1, metadata: edited };
  assert.equal(withSecretsResolved(start, target, secretKeys).metadata[0]![1], 'Bearer s3cr3t-token');
  assert.equal(start.metadata[0]![1], secretRef('authorization'), 'the webview message itself is not changed');
  const noRows = { type: 'cancel' };
  assert.equal(withSecretsResolved(noRows, target, secretKeys), noRows);
});

test('rows kept after a call hold references, also where a secret was resolved under another key', () => {
  const sent: [string, string][] = [
    ['authorization', 'Bearer s3cr3t-token'],
    ['x-copy', 'Bearer s3cr3t-token'], // the row held ${secret:authorization}
    ['x-tenant', 'acme'],
  ];
  const kept = maskSecretValues(sent, secretKeys, target);
  assert.deepEqual(kept, [
    ['authorization', secretRef('authorization')],
    ['x-copy', secretRef('authorization')],
    ['x-tenant', 'acme'],
  ]);
  assert.deepEqual(maskSecretValues([['x-copy', 'Bearer s3cr3t-token']], secretKeys, target), [['x-copy', secretRef('authorization')]]);
  assert.deepEqual(referencedKeys(kept), ['authorization', 'x-copy'], 'the exports write these from the environment');
});
