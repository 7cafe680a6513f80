/**
 * One method panel's VS Code side: the webview (HTML with a fresh CSP nonce per render, resources
 * only from dist/webview) and the wiring between it and the panel host (src/host/panel-host.ts),
 * which checks and routes every message. The webview is not kept alive while hidden: when it comes
 * back it says `ready` and gets the panel's state again (init, then the current call), as after a
 * window reload.
 */
import * as vscode from 'vscode';
import type { MetadataEntries } from '../../core/metadata';
import type { MethodInfo } from '../../core/schema/types';
import type { PersistedPanelState, ToWebviewMessage } from '../../shared/protocol';
import type { SessionRegistry, TargetSession } from '../session-types';
import { exportCall } from './export-command';
import { exportLab, exportRun } from './experiment-export';
import type { KeptRuns } from '../../host/runner/kept-runs';
import type { ServerFlowStreams } from '../../host/lab/lab-session';
import { PanelHost, type PanelHistoryEntry, type PanelShell } from '../../host/panel-host';
import type { PreparedCall } from '../../host/call/call-session';
import { newNonce, panelHtml, unavailableHtml } from '../../host/html';

export const METHOD_VIEW_TYPE = 'grpcExplorer.method';

/** What every panel shares: where the built webview lives, the sessions, the log. */
export interface PanelContext {
  readonly extensionUri: vscode.Uri;
  readonly sessions: SessionRegistry;
  readonly log: vscode.LogOutputChannel;
  /** The latency runs kept per target, shared by every panel of the extension host. */
  readonly keptRuns: KeptRuns;
  /** The server's own FlowControl stream counters, for a session whose server runs in this process. */
  readonly flowStreams?: (sessionId: string) => ServerFlowStreams | undefined;
  /** Keeps a call or a run in the History view. */
  readonly record?: (entry: PanelHistoryEntry) => void;
  /** "Save to .http": asks for the file and writes the request there (src/extension/requests/save-request.ts). */
  readonly saveRequest?: PanelShell['saveRequest'];
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
  private readonly host: PanelHost;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly onDisposeCallbacks: (() => void)[] = [];

  constructor(
    readonly panel: vscode.WebviewPanel,
    ctx: PanelContext,
    target: TargetSession,
    readonly method: MethodInfo,
    restored?: PersistedPanelState,
    secrets?: MetadataEntries,
  ) {
    panel.webview.options = webviewOptions(ctx);
    const post = (message: ToWebviewMessage) => void panel.webview.postMessage(message);
    this.host = new PanelHost(
      {
        post,
        settings: () => ctx.sessions.settings(),
        log: ctx.log,
        keptRuns: ctx.keptRuns,
        ...(ctx.flowStreams ? { flowStreams: ctx.flowStreams } : {}),
        exportCall: (calls, format, notify) => exportCall(calls, method, format, notify),
        exportRun,
        exportLab,
        saveRequest: (request, notify) =>
          ctx.saveRequest
            ? ctx.saveRequest(request, notify)
            : Promise.reject(new Error('Save to .http is not available here')),
        record: (entry) => ctx.record?.(entry),
      },
      target,
      method,
      restored,
      secrets,
    );
    this.render(ctx);
    this.disposables.push(
      panel.webview.onDidReceiveMessage((raw) => this.host.receive(raw)),
      panel.onDidDispose(() => this.dispose()),
      ctx.sessions.onDidChange(() => this.host.retarget((id) => ctx.sessions.get(id))),
    );
  }

  /** True while the panel's call, run or lab is going. */
  get busy(): boolean {
    return this.host.busy;
  }

  /** Sends a `.http` file's request as this panel's call; see PanelHost.runRequest. */
  runRequest(p: PreparedCall): ReturnType<PanelHost['runRequest']> {
    return this.host.runRequest(p);
  }

  /** Runs `fn` when the panel closes. */
  onDispose(fn: () => void): void {
    this.onDisposeCallbacks.push(fn);
  }

  dispose(): void {
    this.host.dispose();
    this.disposables.splice(0).forEach((d) => d.dispose());
    this.onDisposeCallbacks.splice(0).forEach((fn) => fn());
  }

  private render(ctx: PanelContext): void {
    const webview = this.panel.webview;
    const asset = (name: string) =>
      webview.asWebviewUri(vscode.Uri.joinPath(ctx.extensionUri, 'dist', 'webview', name)).toString();
    webview.html = panelHtml({
      cspSource: webview.cspSource,
      scriptUri: asset('main.js'),
      styleUri: asset('main.css'),
      codiconUri: asset('codicon.css'),
      nonce: newNonce(),
      title: this.panel.title,
    });
  }
}
