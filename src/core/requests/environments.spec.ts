import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENV_FILE, PRIVATE_ENV_FILE, environmentNames, environmentValues, loadEnvironments } from './environments';

function workspace(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'grpc-explorer-env-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

test('private values win over shared ones, a named environment over $shared; found from a subfolder', () => {
  const root = workspace({
    [ENV_FILE]: JSON.stringify({
      $shared: { host: 'h', port: 1 },
      dev: { host: 'dev-host', token: 'public' },
      prod: {},
    }),
    [PRIVATE_ENV_FILE]: JSON.stringify({ dev: { token: 'secret' }, staging: { host: 's' } }),
    'requests/deep/a.http': '',
  });
  const envs = loadEnvironments(join(root, 'requests', 'deep'), root);
  assert.equal(envs.dir, root);
  assert.deepEqual(environmentNames(envs), ['dev', 'prod', 'staging']);
  assert.deepEqual(environmentValues(envs, 'dev'), { host: 'dev-host', port: '1', token: 'secret' });
  assert.deepEqual(environmentValues(envs), { host: 'h', port: '1' });
  assert.throws(() => environmentValues(envs, 'qa'), /environment "qa" is not defined \(known: dev, prod, staging/);
});

test('a broken file is reported with its path, never thrown', () => {
  const root = workspace({ [ENV_FILE]: '{"dev": 3}', [PRIVATE_ENV_FILE]: '{oops' });
  const envs = loadEnvironments(root, root);
  assert.equal(envs.errors.length, 2);
  assert.match(envs.errors[0]!, /http-client\.env\.json: environment "dev" should be an object/);
  assert.match(envs.errors[1]!, /http-client\.private\.env\.json: /);
});

test('no files: no environments, and the error says where it looked', () => {
  const envs = loadEnvironments(workspace({}), undefined);
  assert.deepEqual(environmentNames(envs), []);
  assert.throws(() => environmentValues(envs, 'dev'), /no http-client\.env\.json was found/);
});
