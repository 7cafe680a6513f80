/**
 * One method panel: the webview (HTML with a fresh CSP nonce per render,
 * resources only from dist/webview), the gate that validates every message
 * from it, and the wiring to the call session. The webview is not kept alive
 * while hidden: when it comes back it says `ready` and gets the panel's
 * state again (init, then the current call), as after a window reload.
 */
import * as vscode from 'vscode';
import { jsonSchemaFor } from '../../core/json/json-schema';
import type { MethodInfo } from '../../core/schema/types';
import type { SchemaSource } from '../../core/schema/types';
import type {
  ExperimentFromWebview,
  NoticeMessage,
  PanelInit,
  PersistedPanelState,
  ToWebviewMessage,
} from '../../shared/protocol';
import { parseFromWebview } from '../../shared/validate';
import type { SessionRegistry, TargetSession } from '../session-types';
import { CallSession } from './call-session';
import { exportCall } from './export-command';
import { exportLab, exportRun } from './experiment-export';
import { keptRuns } from './kept-runs';
import { LabSession, type ServerFlowStreams } from './lab-session';
import { RunnerSession } from './runner-session';
import { newNonce, panelHtml, unavailableHtml } from './html';
import { maskSecrets, withSecretsResolved } from './secret-refs';

export const METHOD_VIEW_TYPE = 'grpcExplorer.method';

const EXPERIMENT_TYPES = new Set<string>([
  'runStart',
  'runCancel',
  'runsClear',
  'runExport',
  'labStart',
  'labControl',
  'labExport',
]);

/** What every panel shares: where the built webview lives, the sessions, the log. */
export interface PanelContext {
  readonly extensionUri: vscode.Uri;
  readonly sessions: SessionRegistry;
  readonly log: vscode.LogOutputChannel;
  /** The server's own FlowControl stream counters, for a session whose server runs in this process. */
  readonly flowStreams?: (sessionId: string) => ServerFlowStreams | undefined;
}

/** Webview options: scripts on, and local resources limited to the built webview assets. */
export function webviewOptions(ctx: PanelContext): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(ctx.extensionUri, 'dist', 'webview')] };
}

export function panelTitle(method: MethodInfo): string {
  return `${method.service.split('.').pop()}.${method.name}`;
}

/** Shows why a restored panel has nothing to show (no script runs in it). */
export function showUnavailable(panel: vscode.WebviewPanel, ctx: PanelContext, reason: string): void {
  const style = panel.webview.asWebviewUri(vscode.Uri.joinPath(ctx.extensionUri, 'dist', 'webview', 'main.css'));
  panel.webview.html = unavailableHtml(panel.webview.cspSource, style.toString(), panel.title, reason);
}

export class MethodPanel implements vscode.Disposable {
  private calls: CallSession;
  private runner: RunnerSession;
  private lab: LabSession;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly onDisposeCallbacks: (() => void)[] = [];

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly ctx: PanelContext,
    private target: TargetSession,
    readonly method: MethodInfo,
    private readonly restored?: PersistedPanelState,
  ) {
    panel.webview.options = webviewOptions(ctx);
    this.calls = this.newCallSession();
    this.runner = this.newRunner();
    this.lab = this.newLab();
    this.render();
    this.disposables.push(
      panel.webview.onDidReceiveMessage((raw) => this.receive(raw)),
      panel.onDidDispose(() => this.dispose()),
      ctx.sessions.onDidChange(() => this.targetChanged()),
    );
  }

  /** Runs `fn` when the panel closes. */
  onDispose(fn: () => void): void {
    this.onDisposeCallbacks.push(fn);
  }

  dispose(): void {
    this.calls.dispose();
    this.runner.dispose();
    this.lab.dispose();
    this.disposables.splice(0).forEach((d) => d.dispose());
    this.onDisposeCallbacks.splice(0).forEach((fn) => fn());
  }

  private newCallSession(): CallSession {
    const settings = () => this.ctx.sessions.settings();
    return new CallSession({
      connection: this.target.connection,
      root: this.target.schema.root,
      method: this.method,
      settings,
      post: (m) => this.post(m),
    });
  }

  private newRunner(): RunnerSession {
    const source = (this.target as { source?: SchemaSource }).source; // the shell's session carries it
    return new RunnerSession({
      sessionId: this.target.id,
      connection: this.target.connection,
      schema: this.target.schema,
      method: this.method,
      ...(source ? { schemaSource: source } : {}),
      secretKeys: this.target.secretKeys ?? [],
      post: (m) => this.post(m),
    });
  }

  private newLab(): LabSession {
    const serverStreams = this.ctx.flowStreams?.(this.target.id);
    return new LabSession({
      ...(serverStreams ? { serverStreams } : {}),
      connection: this.target.connection,
      connectionOptions: this.target.options,
      schema: this.target.schema,
      method: this.method,
      post: (m) => this.post(m),
    });
  }

  /** The Runner and Lab tabs' messages; they run on their own, beside the call. */
  private experiment(m: ExperimentFromWebview): void {
    const notify = (n: NoticeMessage) => this.post(n);
    const failed = (e: Error) => this.ctx.log.error(e);
    switch (m.type) {
      case 'runStart':
        return void this.runner.start(m).catch(failed);
      case 'runCancel':
        return this.runner.cancel();
      case 'runsClear':
        return this.runner.clear();
      case 'runExport':
        return void exportRun(keptRuns.get(m.runId), m.format, notify).catch(failed);
      case 'labStart':
        return void this.lab.start(m).catch(failed);
      case 'labControl':
        return this.lab.control(m.action);
      case 'labExport':
        return void exportLab(this.lab.result, m.format, notify).catch(failed);
    }
  }

  private post(message: ToWebviewMessage): void {
    void this.panel.webview.postMessage(message);
  }

  private render(): void {
    const webview = this.panel.webview;
    const asset = (name: string) =>
      webview.asWebviewUri(vscode.Uri.joinPath(this.ctx.extensionUri, 'dist', 'webview', name)).toString();
    webview.html = panelHtml({
      cspSource: webview.cspSource,
      scriptUri: asset('main.js'),
      styleUri: asset('main.css'),
      codiconUri: asset('codicon.css'),
      nonce: newNonce(),
      title: this.panel.title,
    });
  }

  /** Every message from the webview passes `parseFromWebview` first; anything else is logged and dropped. */
  private receive(raw: unknown): void {
    const parsed = parseFromWebview(raw);
    // The webview holds references for secret metadata; the values go in here, on the host only.
    const m = parsed && withSecretsResolved(parsed, this.target.metadata, this.target.secretKeys ?? []);
    if (!m) {
      this.ctx.log.warn(`method panel ${this.method.fullName}: ignored a malformed message from the webview`);
      return;
    }
    if (m.type === 'ready') return this.ready();
    if (m.type === 'export')
      return void exportCall(this.calls, this.method, m.format, (t) => this.post(t)).catch((e: Error) =>
        this.ctx.log.error(e),
      );
    try {
      if (EXPERIMENT_TYPES.has(m.type)) return this.experiment(m as ExperimentFromWebview);
      this.calls.handle(m);
    } catch (e) {
      this.ctx.log.error(`method panel ${this.method.fullName}: ${(e as Error).stack ?? e}`);
      this.post({
        type: 'notice',
        level: 'error',
        text: `Unexpected error: ${(e as Error).message}. See the "gRPC Explorer" output for details.`,
      });
    }
  }

  /** The webview (re)loaded: send what it needs to draw, then the current call's state. */
  private ready(): void {
    const settings = this.ctx.sessions.settings();
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
      metadata: maskSecrets(this.restored?.metadata ?? this.target.metadata, this.target.secretKeys ?? []),
      deadlineMs:
        this.restored?.deadlineMs !== undefined
          ? this.restored.deadlineMs
          : settings.defaultDeadlineMs > 0
            ? settings.defaultDeadlineMs
            : null,
    };
    this.post({ type: 'init', init });
    this.calls.replay();
    this.runner.replay();
  }

  /** The shell reconnected or dropped the target: follow it, or say it is gone. */
  private targetChanged(): void {
    const now = this.ctx.sessions.get(this.target.id);
    if (now === this.target) return;
    if (!now) {
      this.post({
        type: 'notice',
        level: 'warning',
        text: `${this.target.label} is disconnected. Connect to it again (gRPC Explorer: Connect) to make calls.`,
      });
      return;
    }
    this.target = now;
    const running = this.calls.current;
    if (running && !running.ended) return void running.call.done.then(() => this.targetChanged()); // switch once it ends
    this.calls.dispose();
    this.calls = this.newCallSession();
    if (!this.runner.running) {
      this.runner.dispose();
      this.runner = this.newRunner();
    }
    if (!this.lab.running) {
      this.lab.dispose();
      this.lab = this.newLab();
    }
  }
}
