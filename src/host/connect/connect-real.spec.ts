// The buttons a failed Connect offers, for failures produced by real servers through the real
// discovery code: what a user sees after each common mistake.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as grpc from '@grpc/grpc-js';
import type { Transport } from '../../core/connection-types';
import { loadSchema } from '../../core/schema/discover';
import { startSampleServer } from '../../../sample-server/server';
import { actionsFor, inExtensionTerms, transportAfter, type ConnectAction } from './connect-errors';

const closers: (() => Promise<void>)[] = [];
after(() => Promise.all(closers.map((c) => c())));

/** Runs discovery and returns the actions offered for its failure, plus the message shown. */
async function failure(address: string, transport: Transport): Promise<{ actions: ConnectAction[]; message: string }> {
  try {
    await loadSchema({ address, transport }, { kind: 'reflection', deadlineMs: 5000 });
  } catch (e) {
    const err = e as { code?: number; message: string; details?: string };
    return { actions: actionsFor(err, transport), message: inExtensionTerms(err.message) };
  }
  throw new Error(`discovery on ${address} was expected to fail`);
}

async function sample(tls: boolean) {
  const s = await startSampleServer({ port: 0, tls });
  closers.push(() => s.close(0));
  return s;
}

test('nothing listening: the error names the address and offers Retry first', async () => {
  const { actions, message } = await failure('127.0.0.1:1', { kind: 'plaintext' });
  assert.equal(actions[0], 'retry');
  assert.match(message, /127\.0\.0\.1:1/);
  assert.match(message, /refused/);
});

test('TLS to a plaintext server: "Use plaintext", which then connects', async () => {
  const s = await sample(false);
  const { actions, message } = await failure(s.address, { kind: 'tls' });
  assert.ok(actions.includes('use-plaintext'), `${actions} for: ${message}`);
  assert.doesNotMatch(message, /--/, 'no command-line flags in the editor message');
  const schema = await loadSchema({ address: s.address, transport: transportAfter('use-plaintext', { kind: 'tls' })! }, { kind: 'reflection' });
  assert.ok(schema.services.some((x) => x.name.endsWith('.Counter')));
});

test('plaintext to a TLS server: "Use TLS"', async () => {
  const s = await sample(true);
  const { actions, message } = await failure(s.address, { kind: 'plaintext' });
  assert.ok(actions.includes('use-tls'), `${actions} for: ${message}`);
});

test('a self-signed certificate: "Choose CA file…" and "Skip verification", which then connects', async () => {
  const s = await sample(true);
  const tls: Transport = { kind: 'tls' };
  const { actions, message } = await failure(s.address, tls);
  assert.deepEqual(actions.slice(0, 2), ['choose-ca', 'skip-verify'], message);
  const schema = await loadSchema({ address: s.address, transport: transportAfter('skip-verify', tls)! }, { kind: 'reflection' });
  assert.ok(schema.services.length > 0);
});

test('a server without reflection: "Load .proto files…"', async () => {
  const server = new grpc.Server();
  const port = await new Promise<number>((res, rej) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? rej(e) : res(p))),
  );
  closers.push(() => new Promise((r) => server.tryShutdown(() => r())));
  const { actions, message } = await failure(`127.0.0.1:${port}`, { kind: 'plaintext' });
  assert.deepEqual(actions, ['load-protos'], message);
  assert.match(message, /load \.proto files instead/);
  assert.doesNotMatch(message, /--proto/, 'the log and the notification speak of the button, not the CLI flag');
});
