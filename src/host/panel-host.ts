/**
 * One method panel's host, without `vscode`: it checks every message from the webview, routes it
 * through one table (`HostRoutes`, so the compiler proves each type is handled) to the call, the
 * runner or the lab, answers `ready` with the panel's init, and follows the target when the shell
 * reconnects it. What needs the editor (save dialogs, the log) comes in through `PanelShell`; the
 * extension's WebviewPanel adapter (src/extension/panel/panel.ts) only renders the HTML and carries
 * messages both ways.
 */
import { jsonSchemaFor } from '../core/json/json-schema';
import type { Connection } from '../core/connection';
import type { ConnectionOptions } from '../core/connection-types';
import type { FlowLabResult, RunResult } from '../core/experiments';
import type { MetadataEntries } from '../core/metadata';
import type { MethodInfo, Schema, SchemaSource } from '../core/schema/types';
import { requestFromCall } from '../core/requests/from-call';
import { secretVariableName, type WritableRequest } from '../core/requests/write';
import type {
  HostRoutes,
  MetadataRows,
  NoticeMessage,
  PanelInit,
  PersistedPanelState,
  SaveToHttpRequest,
  ToWebviewMessage,
} from '../shared/protocol';
import { parseFromWebview } from '../shared/validate';
import { CallSession, callRoutes, type EndedCall, type PreparedCall } from './call/call-session';
import type { CallOutcome } from '../core/call/types';
import { codeName } from '../core/errors';
import type { HistoryEntry } from '../core/requests/history';
import { LabSession, type ServerFlowStreams } from './lab/lab-session';
import type { KeptRuns } from './runner/kept-runs';
import { RunnerSession } from './runner/runner-session';
import { route } from './routes';
import { maskSecrets, refsAsVariables, unresolvedRefs, withSecretsResolved } from './secret-refs';

/** The connected target a panel calls; the extension shell's `TargetSession` is this type. */
export interface PanelTarget {
  readonly id: string;
  readonly label: string;
  readonly options: ConnectionOptions;
  readonly connection: Connection;
  readonly schema: Schema;
  readonly metadata: MetadataEntries;
  /** Keys of `metadata` the user marked secret: the webview sees references for them, never values. */
  readonly secretKeys?: readonly string[];
  /** Where the schema came from, for the runner's ghz/k6 exports; the shell's session carries it. */
  readonly source?: SchemaSource;
}

type Notify = (n: NoticeMessage) => void;

/** What the panel host needs from the editor around it. */
export interface PanelShell {
  readonly post: (message: ToWebviewMessage) => void;
  /** Read when they matter (each call start, each init), so changed settings apply. */
  readonly settings: () => { defaultDeadlineMs: number; payloadMemoryCapBytes: number; emitDefaults: boolean };
  readonly log: { warn(text: string): void; error(e: unknown): void };
  /** The latency runs kept per target, shared by every panel of the extension host. */
  readonly keptRuns: KeptRuns;
  /** The server's own FlowControl stream counters, for a target whose server runs in this process. */
  readonly flowStreams?: (targetId: string) => ServerFlowStreams | undefined;
  readonly exportCall: (calls: CallSession, format: 'jsonl' | 'csv', notify: Notify) => Promise<void>;
  readonly exportRun: (
    run: RunResult | undefined,
    format: 'json' | 'csv' | 'ghz' | 'k6',
    notify: Notify,
  ) => Promise<void>;
  readonly exportLab: (result: FlowLabResult | undefined, format: 'json' | 'csv', notify: Notify) => Promise<void>;
  /** Asks where the request goes (a new `.http` file or one to append to) and writes it there. */
  readonly saveRequest: (request: WritableRequest, notify: Notify) => Promise<void>;
  /** Keeps a call made from the panel's editor, or a run of its Runner tab, in the history (secrets already redacted). */
  readonly record: (entry: PanelHistoryEntry) => void;
}

/** A history entry as the panel makes it; the shell adds the id. */
export type PanelHistoryEntry = Omit<HistoryEntry, 'id'>;

export class PanelHost {
  private calls: CallSession;
  /** The result tab the webview shows (it says so when drawn and at every switch); a new CallSession is told. */
  private timingShown = false;
  private runner: RunnerSession;
  private lab: LabSession;
  /** Every webview message type and who answers it. */
  private readonly routes: HostRoutes;

  constructor(
    private readonly shell: PanelShell,
    private target: PanelTarget,
    readonly method: MethodInfo,
    private readonly restored?: PersistedPanelState,
    /**
     * Secret rows this panel was opened with (a request file's values from SecretStorage), host only and
     * never persisted: the webview gets references for them, as for the target's own secrets.
     */
    private readonly panelSecrets: MetadataEntries = [],
  ) {
    this.calls = this.newCallSession();
    this.runner = this.newRunner();
    this.lab = this.newLab();
    const failed = (e: Error) => shell.log.error(e);
    const notify: Notify = (n) => shell.post(n);
    this.routes = {
      ready: () => this.ready(),
      export: (m) => void shell.exportCall(this.calls, m.format, notify).catch(failed),
      ...callRoutes(() => this.calls),
      view: (m) => this.calls.showTiming((this.timingShown = m.shown === 'timing')),
      runStart: (m) => void this.runner.start(m).catch(failed),
      runCancel: () => this.runner.cancel(),
      runsClear: () => this.runner.clear(),
      runExport: (m) => void shell.exportRun(shell.keptRuns.get(m.runId), m.format, notify).catch(failed),
      labStart: (m) => void this.lab.start(m).catch(failed),
      labControl: (m) => this.lab.control(m.action),
      labExport: (m) => void shell.exportLab(this.lab.result, m.format, notify).catch(failed),
      saveToHttp: (m) => void shell.saveRequest(this.requestToSave(m), notify).catch(failed),
    };
  }

  /** Every message from the webview passes `parseFromWebview` first; anything else is logged and dropped. */
  receive(raw: unknown): void {
    const parsed = parseFromWebview(raw);
    // The webview holds references for secret metadata; the values go in here, on the host only.
    // A request saved to a file keeps its references (they become {{variables}}): it is never resolved.
    const m =
      parsed && (parsed.type === 'saveToHttp' ? parsed : withSecretsResolved(parsed, this.secretRows(), this.secretKeys()));
    if (!m)
      return this.shell.log.warn(`method panel ${this.method.fullName}: ignored a malformed message from the webview`);
    if (m.type === 'start' || m.type === 'runStart' || m.type === 'labStart') {
      const missing = unresolvedRefs(m.metadata);
      if (missing.length > 0) return this.refuseUnresolved(m, missing);
    }
    try {
      route(this.routes, m);
    } catch (e) {
      this.shell.log.error(`method panel ${this.method.fullName}: ${(e as Error).stack ?? e}`);
      this.shell.post({
        type: 'notice',
        level: 'error',
        text: `Unexpected error: ${(e as Error).message}. See the "gRPC Explorer" output for details.`,
      });
    }
  }

  /** Nothing goes out while a metadata row holds a reference to a secret this panel cannot resolve. */
  private refuseUnresolved(m: { type: 'start' | 'runStart' | 'labStart'; requestId?: number }, keys: string[]): void {
    const what = m.type === 'start' ? 'Not sent' : m.type === 'runStart' ? 'Run not started' : 'Lab not started';
    const list = keys.map((k) => `"${k}"`).join(', ');
    this.shell.post({
      type: 'notice',
      level: 'error',
      text:
        `${what}: metadata ${list} holds a secret reference this panel no longer has the value for ` +
        `(a panel keeps a request file's secrets in memory only, so a reload leaves the reference). ` +
        `Send the request again from its .http file, or type the value into the metadata row.`,
    });
    if (m.type === 'start' && m.requestId !== undefined)
      this.shell.post({ type: 'startResult', inReplyTo: m.requestId, problem: null, accepted: false });
  }

  /** True while a call, a run or a lab experiment is going: replacing the panel would cut it off. */
  get busy(): boolean {
    const call = this.calls.current;
    return (call !== undefined && !call.ended) || this.runner.running || this.lab.running;
  }

  /**
   * Sends a request prepared from a `.http` file as this panel's call (its timeline and timing
   * show it); resolves with the outcome and the last reply for the file's assertions.
   */
  runRequest(p: PreparedCall): Promise<{ outcome: CallOutcome; body: unknown }> {
    return this.calls.runPrepared(p);
  }

  dispose(): void {
    this.calls.dispose();
    this.runner.dispose();
    this.lab.dispose();
  }

  /**
   * The shell's targets changed: follow this panel's target when it was reconnected, or say it is gone.
   * `lookup` is read again after a running call ends, so the panel switches to the newest connection.
   */
  retarget(lookup: (id: string) => PanelTarget | undefined): void {
    const now = lookup(this.target.id);
    if (now === this.target) return;
    if (!now) {
      this.shell.post({
        type: 'notice',
        level: 'warning',
        text: `${this.target.label} is disconnected. Connect to it again (gRPC Explorer: Connect) to make calls.`,
      });
      return;
    }
    const running = this.calls.current;
    if (running && !running.ended) return void running.call.done.then(() => this.retarget(lookup)); // switch once it ends
    this.target = now;
    this.calls.dispose();
    this.calls = this.newCallSession();
    this.calls.showTiming(this.timingShown);
    if (!this.runner.running) {
      this.runner.dispose();
      this.runner = this.newRunner();
    }
    if (!this.lab.running) {
      this.lab.dispose();
      this.lab = this.newLab();
    }
  }

  /** What the panel is about to send, as a request file writes it: secrets as `{{variables}}`, never values. */
  private requestToSave(m: SaveToHttpRequest): WritableRequest {
    return requestFromCall({
      connection: this.target.options,
      ...(this.target.source ? { source: this.target.source } : {}),
      method: this.method.fullName,
      metadata: refsAsVariables(m.metadata, secretVariableName),
      secretKeys: this.secretKeys(),
      messages: m.messages,
      deadlineMs: m.deadlineMs,
    });
  }

  private newCallSession(): CallSession {
    return new CallSession({
      connection: this.target.connection,
      root: this.target.schema.root,
      method: this.method,
      settings: this.shell.settings,
      post: this.shell.post,
      onEnded: (call) => this.recordCall(call),
    });
  }

  /** Metadata as kept: values of secret keys (marked, or looking like credentials) become `{{variables}}`. */
  private redacted(metadata: MetadataRows): [string, string][] {
    return requestFromCall({
      connection: this.target.options,
      method: this.method.fullName,
      metadata,
      secretKeys: this.secretKeys(),
      messages: [],
    }).metadata.map(([k, v]) => [k, v]);
  }

  private historyBase(metadata: MetadataRows) {
    const { address, transport } = this.target.options;
    return {
      at: Date.now(),
      target: address,
      tls: transport.kind === 'tls',
      method: this.method.fullName,
      metadata: this.redacted(metadata),
    };
  }

  private recordCall(call: EndedCall): void {
    const o = call.outcome;
    this.shell.record({
      ...this.historyBase(call.metadata),
      origin: 'panel',
      messages: call.messages,
      codeName: o.codeName,
      durationMs: o.durationUs / 1000,
      sent: o.sent,
      received: o.received,
    });
  }

  private recordRun(request: string, metadata: MetadataRows, run: RunResult): void {
    this.shell.record({
      ...this.historyBase(metadata),
      origin: 'runner',
      messages: [request],
      codeName: run.worstCode === undefined ? 'OK' : codeName(run.worstCode),
      durationMs: run.elapsedUs / 1000,
      sent: run.count,
      received: run.ok,
      calls: { count: run.count, failed: run.errors, label: run.label },
    });
  }

  /** Keys whose values the webview only sees as references: the target's secrets and this panel's. */
  private secretKeys(): string[] {
    return [...(this.target.secretKeys ?? []), ...this.panelSecrets.map(([k]) => k.trim())];
  }

  /** Where references are resolved: this panel's secret rows first, then the target's metadata. */
  private secretRows(): MetadataEntries {
    return [...this.panelSecrets, ...this.target.metadata];
  }

  private newRunner(): RunnerSession {
    const source = this.target.source;
    return new RunnerSession({
      sessionId: this.target.id,
      connection: this.target.connection,
      schema: this.target.schema,
      method: this.method,
      ...(source ? { schemaSource: source } : {}),
      secretKeys: this.secretKeys(),
      targetMetadata: this.secretRows(),
      store: this.shell.keptRuns,
      post: this.shell.post,
      onRun: (m, run) => this.recordRun(m.text, m.metadata, run),
    });
  }

  private newLab(): LabSession {
    const serverStreams = this.shell.flowStreams?.(this.target.id);
    return new LabSession({
      ...(serverStreams ? { serverStreams } : {}),
      connection: this.target.connection,
      connectionOptions: this.target.options,
      schema: this.target.schema,
      method: this.method,
      post: this.shell.post,
    });
  }

  /** The webview (re)loaded: send what it needs to draw, then the current call's state. */
  private ready(): void {
    const settings = this.shell.settings();
    const template = this.calls.request.template();
    const init: PanelInit = {
      sessionId: this.target.id,
      targetLabel: this.target.label,
      method: {
        fullName: this.method.fullName,
        service: this.method.service,
        name: this.method.name,
        kind: this.method.kind,
        requestType: this.method.requestType,
        responseType: this.method.responseType,
      },
      template,
      editorText: this.restored?.editorText ?? template,
      jsonSchema: jsonSchemaFor(this.target.schema.root, this.method.requestType),
      ...(this.restored?.queue ? { queue: this.restored.queue } : {}),
      metadata: maskSecrets(this.restored?.metadata ?? this.target.metadata, this.secretKeys()),
      deadlineMs:
        this.restored?.deadlineMs !== undefined
          ? this.restored.deadlineMs
          : settings.defaultDeadlineMs > 0
            ? settings.defaultDeadlineMs
            : null,
    };
    this.shell.post({ type: 'init', init });
    this.timingShown = false; // the reloaded webview says which tab it shows once drawn
    this.calls.replay();
    this.runner.replay();
  }
}
