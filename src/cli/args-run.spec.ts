import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCommandLine, UsageError, type RunArgs } from './args';

test('run: files and directories, --env, repeated --name, --junit, --json, --keep-going', () => {
  assert.deepEqual(
    parseCommandLine([
      'run',
      'a.http',
      'dir',
      '--env',
      'dev',
      '--name',
      'x',
      '--name',
      'y',
      '--junit',
      'r.xml',
      '--json',
      '--keep-going',
    ]),
    {
      command: 'run',
      paths: ['a.http', 'dir'],
      env: 'dev',
      names: ['x', 'y'],
      junit: 'r.xml',
      json: true,
      keepGoing: true,
      emitDefaults: false,
      verbose: false,
    },
  );
});

test('run: connection flags are refused (each request names its own); other commands refuse run flags', () => {
  assert.throws(
    () => parseCommandLine(['run', 'a.http', '--plaintext']),
    (e: Error) => e instanceof UsageError && /--plaintext does not apply to run/.test(e.message),
  );
  assert.throws(() => parseCommandLine(['run']), /run: missing arguments/);
  // A file has no setting for this client's message-size limit, so run takes the flag for every request.
  assert.equal(
    (parseCommandLine(['run', 'a.http', '--max-msg-size', '16MiB']) as RunArgs).maxMessageBytes,
    16 * 1024 * 1024,
  );
  assert.throws(() => parseCommandLine(['run', 'a.http', '--max-msg-size', 'lots']), /--max-msg-size/);
  assert.throws(
    () => parseCommandLine(['call', '--plaintext', 'h:1', 'p.S/M', '--env', 'dev']),
    /--env applies to run only/,
  );
});
