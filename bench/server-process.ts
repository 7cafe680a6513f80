import { fork, type ChildProcess } from 'node:child_process';
import { startSampleServer } from '../sample-server/server';

/** The argument that makes the bench script act as the server child. */
export const SERVE_FLAG = '--serve-sample-server';

/** A sample server running in a child process. */
export interface ServerProcess {
  readonly address: string;
  readonly pid: number;
  /** CPU µs the server process used so far (from its own report). */
  cpuUs(): Promise<number>;
  stop(): Promise<void>;
}

type FromChild = { type: 'listening'; address: string } | { type: 'cpu'; us: number };

/**
 * Starts the sample server in a child process of this script. The server's
 * work (serialising a million messages, answering 10,000 calls) must not run
 * on the client's event loop, or every figure would measure both sides at
 * once; on a 2-core machine each side gets roughly one core.
 */
export function startServerProcess(): Promise<ServerProcess> {
  const child = fork(process.argv[1]!, [SERVE_FLAG], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the sample server process exited (${code}) before listening`)));
    child.once('message', (m: FromChild) => {
      if (m.type !== 'listening') return reject(new Error(`unexpected message from the server process: ${JSON.stringify(m)}`));
      child.removeAllListeners('exit');
      resolve(handle(child, m.address));
    });
  });
}

function handle(child: ChildProcess, address: string): ServerProcess {
  return {
    address,
    pid: child.pid!,
    cpuUs: () =>
      new Promise((resolve) => {
        child.once('message', (m: FromChild) => resolve(m.type === 'cpu' ? m.us : NaN));
        child.send('cpu');
      }),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The child's side: start the server on a free loopback port, report it, answer CPU queries. */
export async function serveInChild(): Promise<void> {
  const server = await startSampleServer({ host: '127.0.0.1', port: 0 });
  process.on('message', (m) => {
    if (m !== 'cpu') return;
    const u = process.cpuUsage();
    process.send!({ type: 'cpu', us: u.user + u.system } satisfies FromChild);
  });
  process.on('SIGTERM', () => void server.close().finally(() => process.exit(0)));
  process.send!({ type: 'listening', address: server.address } satisfies FromChild);
}
