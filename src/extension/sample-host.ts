import type * as vscode from 'vscode';
import { loadHeavy } from './lazy';

interface Running {
  readonly address: string;
  close(): Promise<void>;
}

/** Session id of the bundled sample server: stable across restarts although its port is not. */
export const SAMPLE_SESSION_ID = 'sample-server';

/**
 * Runs the bundled sample server inside the extension host, on a free loopback port. The server code
 * is loaded only when asked for, so it costs nothing at activation.
 */
export class SampleServerHost {
  private running?: Running;
  private starting?: Promise<Running>;

  constructor(private readonly log: vscode.LogOutputChannel) {}

  get address(): string | undefined {
    return this.running?.address;
  }

  /** Starts it once; later calls return the running server. */
  start(): Promise<Running> {
    if (this.running) return Promise.resolve(this.running);
    this.starting ??= this.launch().finally(() => (this.starting = undefined));
    return this.starting;
  }

  private async launch(): Promise<Running> {
    const { startSampleServer } = loadHeavy();
    const server = await startSampleServer({ host: '127.0.0.1', port: 0, log: (line) => this.log.debug(`[sample] ${line}`) });
    this.log.info(`sample server listening on ${server.address}`);
    this.running = server;
    return server;
  }

  async stop(): Promise<void> {
    const r = this.running;
    this.running = undefined;
    if (r) {
      await r.close();
      this.log.info(`sample server on ${r.address} stopped`);
    }
  }
}
