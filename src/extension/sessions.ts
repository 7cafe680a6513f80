import * as vscode from 'vscode';
import type { ConnectionOptions, Transport } from '../core/connection-types';
import type { SchemaSource } from '../core/schema/types';
import type { Header, MetadataSecrets } from './secrets';
import type { RecentTargets } from './recents';
import type { ExplorerSettings, SessionRegistry, TargetSession } from './session-types';
import { loadHeavy } from './lazy';
import { targetId, transportLabel } from '../host/connect/targets';
import { inExtensionTerms } from '../host/connect/connect-errors';

/** What Connect (or a restore, or the sample server) asks for. */
export interface ConnectRequest {
  readonly address: string;
  readonly transport: Transport;
  /** Reflection when absent. */
  readonly source?: SchemaSource;
  readonly headers: readonly Header[];
  /** Overrides the address-derived id and label (the bundled sample server). */
  readonly id?: string;
  readonly label?: string;
  /** Do not put it in the recent list (the sample server's port changes every start). */
  readonly ephemeral?: boolean;
}

/** A session plus what the shell needs beyond the panel contract (secret flags, source). */
export interface ShellSession extends TargetSession {
  readonly request: ConnectRequest;
  readonly source: SchemaSource;
}

/**
 * The connected targets. Discovery and channels are loaded lazily (dynamic imports) so activating the
 * extension costs no gRPC or protobuf start-up.
 */
export class Sessions implements SessionRegistry, vscode.Disposable {
  private readonly map = new Map<string, ShellSession>();
  private readonly restoring = new Map<string, Promise<TargetSession | undefined>>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  /** Restores a session the recent list does not know (the sample server); set by the shell. */
  restoreSpecial?: (id: string) => Promise<TargetSession | undefined>;

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly recents: RecentTargets,
    private readonly secrets: MetadataSecrets,
    readonly settings: () => ExplorerSettings,
  ) {}

  get(id: string): ShellSession | undefined {
    return this.map.get(id);
  }

  list(): ShellSession[] {
    return [...this.map.values()];
  }

  /** Discovers the schema and opens the channel; replaces a session with the same id. */
  async connect(req: ConnectRequest, opts: { signal?: AbortSignal; refresh?: boolean } = {}): Promise<ShellSession> {
    const settings = this.settings();
    const options: ConnectionOptions = {
      address: req.address,
      transport: req.transport,
      maxSendMessageBytes: settings.maxMessageBytes,
      maxReceiveMessageBytes: settings.maxMessageBytes,
    };
    const metadata = req.headers.map((h) => [h.key, h.value] as const);
    const source: SchemaSource = req.source ?? { kind: 'reflection', version: settings.reflectionVersion, metadata };
    const id = req.id ?? targetId(req.address, req.transport);
    const label = req.label ?? `${req.address} (${transportLabel(req.transport)})`;
    const started = Date.now();
    this.log.info(`connecting to ${label} via ${source.kind}; metadata keys: ${req.headers.map((h) => h.key + (h.secret ? ' (secret)' : '')).join(', ') || 'none'}`);
    const { loadSchema, Connection } = loadHeavy();
    const schema = await loadSchema(options, source, { signal: opts.signal, refresh: opts.refresh });
    // Same address and channel settings (a refresh, a restore): keep the channel, so calls in flight
    // in open panels go on; otherwise the old channel closes once the new one replaces it.
    const old = this.map.get(id);
    const keep = old && JSON.stringify(old.options) === JSON.stringify(options);
    const connection = keep ? old.connection : new Connection(options);
    const secretKeys = req.headers.filter((h) => h.secret).map((h) => h.key);
    const session: ShellSession = { id, label, options, connection, schema, metadata, secretKeys, request: req, source };
    if (old && !keep) old.connection.close();
    this.map.set(id, session);
    const methods = schema.services.reduce((n, s) => n + s.methods.length, 0);
    this.log.info(`connected to ${label}: ${schema.services.length} services, ${methods} methods (${schema.origin}) in ${Date.now() - started} ms`);
    if (!req.ephemeral) await this.remember(id, req);
    this.changed.fire();
    return session;
  }

  private async remember(id: string, req: ConnectRequest): Promise<void> {
    const metadata = await this.secrets.save(id, req.headers);
    const dropped = await this.recents.remember({ id, address: req.address, transport: req.transport, source: req.source, metadata, lastUsed: Date.now() });
    for (const t of dropped) await this.secrets.forget(t.id, t.metadata);
  }

  /** Re-discovers a connected target, bypassing the descriptor cache. */
  async refresh(id: string, signal?: AbortSignal): Promise<ShellSession | undefined> {
    const s = this.map.get(id);
    return s ? this.connect(s.request, { signal, refresh: true }) : undefined;
  }

  /**
   * Reconnects a target known from a previous window, for panels restored after a reload. Panels of one
   * target restored together share one reconnection.
   */
  restore(id: string): Promise<TargetSession | undefined> {
    const live = this.map.get(id);
    if (live) return Promise.resolve(live);
    let pending = this.restoring.get(id);
    if (!pending) {
      pending = this.reconnect(id).finally(() => this.restoring.delete(id));
      this.restoring.set(id, pending);
    }
    return pending;
  }

  private async reconnect(id: string): Promise<TargetSession | undefined> {
    const saved = this.recents.get(id);
    if (!saved) return this.restoreSpecial?.(id);
    const { headers, missing } = await this.secrets.resolve(id, saved.metadata);
    if (missing.length) this.log.warn(`restoring ${id}: secret metadata ${missing.join(', ')} is not stored on this machine; connecting without it`);
    try {
      return await this.connect({ address: saved.address, transport: saved.transport, source: saved.source, headers });
    } catch (e) {
      this.log.error(`restoring ${id} failed: ${inExtensionTerms((e as Error).message)}`);
      return undefined;
    }
  }

  disconnect(id: string): boolean {
    const s = this.map.get(id);
    if (!s) return false;
    s.connection.close();
    this.map.delete(id);
    this.log.info(`disconnected from ${s.label}`);
    this.changed.fire();
    return true;
  }

  dispose(): void {
    for (const s of this.map.values()) s.connection.close();
    this.map.clear();
    this.changed.dispose();
  }
}
