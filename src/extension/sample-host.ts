import type * as vscode from 'vscode';
import { loadHeavy } from './lazy';

/** Server-side counters of one FlowControl stream (the sample server's FlowStreamStats, the fields the lab reads). */
export interface SampleFlowStream {
  readonly id: number;
  readonly written: number;
  readonly acknowledged: number;
  readonly blockedWrites: number;
}

interface Running {
  readonly address: string;
  close(): Promise<void>;
  flowStreams(): readonly SampleFlowStream[];
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

  /**
   * The running server's FlowControl streams, oldest first ([] when it is not running). The panel's lab
   * reads the server's own counters from it: what was written, not only what arrived.
   */
  flowStreams(): readonly SampleFlowStream[] {
    return this.running?.flowStreams() ?? [];
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
