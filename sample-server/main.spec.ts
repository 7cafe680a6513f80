import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { parseSampleArgs } from './cli';
import { sampleClients, unary, until } from './test-client';

const MAIN = path.join(__dirname, 'main.ts');
/** Only turns a hang into a failure: tsx compiling main.ts on a machine at load 20 took over 30 s. */
const HANG_GUARD_MS = 180_000;

/** Servers started and not yet seen to exit: killed after the tests, so a failed test cannot leave one running (and the file hanging). */
const running = new Set<ChildProcess>();
after(() => running.forEach((c) => c.kill('SIGKILL')));

/** Runs the sample server's command line from source; collects its stdout. */
function launch(args: string[]): { child: ChildProcess; out: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  child.on('exit', () => running.delete(child));
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, out: () => out, exited };
}

describe('sample-server command line', () => {
  it('parses its flags with defaults 127.0.0.1:50051', () => {
    assert.deepEqual(parseSampleArgs([]), { port: 50051, host: '127.0.0.1', tls: false, quiet: false, help: false });
    assert.deepEqual(parseSampleArgs(['--port', '0', '--tls', '--quiet']).port, 0);
    assert.throws(() => parseSampleArgs(['--port', '70000']), /--port 70000: expected a whole number from 0 to 65535/);
    assert.equal(parseSampleArgs(['--max-message-bytes', '100000000']).maxMessageBytes, 100_000_000);
    assert.throws(() => parseSampleArgs(['--max-message-bytes', '4MiB']), /--max-message-bytes 4MiB: expected a whole number of bytes/);
  });

  it('exits 2 with the usage on an unknown flag', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', MAIN, '--bogus'], { encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /Unknown option '--bogus'/);
    assert.match(r.stderr, /Usage: npm run sample-server/);
  });

  it('prints a banner with its address, logs one line per call, and exits 0 on SIGINT', async () => {
    const run = launch(['--port', '0']);
    await until(() => /Ctrl-C stops/.test(run.out()), 'the banner', HANG_GUARD_MS);
    const address = /listening on (\S+) \(plaintext\)/.exec(run.out())![1]!;
    assert.match(run.out(), new RegExp(`grpc-explorer list --plaintext ${address.replace('.', '\\.')}`));
    const clients = sampleClients(address);
    const r = await unary(clients.Counter, 'Increment', { value: '1' });
    clients.close();
    assert.equal(r.messages[0].value, '2');
    await until(() => /Counter\/Increment {2}OK/.test(run.out()), 'the call log line');
    run.child.kill('SIGINT');
    assert.equal(await run.exited, 0);
  });

  it('--tls writes its own CA certificate and a --cacert example; a second server does not overwrite it', async () => {
    const start = async () => {
      const run = launch(['--port', '0', '--tls', '--quiet']);
      await until(() => /Ctrl-C stops/.test(run.out()), 'the banner', HANG_GUARD_MS);
      const caFile = /CA certificate written to (\S+)/.exec(run.out())![1]!;
      const port = /listening on \S+:(\d+) \(TLS\)/.exec(run.out())![1]!;
      assert.match(run.out(), new RegExp(`--cacert ${caFile.replace(/[.\\]/g, '\\$&')} localhost:${port}`));
      return { run, caFile, port };
    };
    const first = await start();
    const second = await start();
    assert.notEqual(first.caFile, second.caFile, 'each server writes its CA to a file of its own');
    for (const { caFile, port } of [first, second]) {
      const clients = sampleClients(`localhost:${port}`, grpc.credentials.createSsl(readFileSync(caFile)));
      const r = await unary(clients.Counter, 'Increment', { value: '9' });
      clients.close();
      assert.equal(r.messages[0]?.value, '10', r.status.details);
    }
    for (const { run, caFile } of [first, second]) {
      run.child.kill('SIGTERM');
      assert.equal(await run.exited, 0);
      assert.equal(existsSync(caFile), false, 'the CA file goes with its server');
    }
  });
});
