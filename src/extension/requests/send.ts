/**
 * CodeLens "Send": runs one request of a `.http` file with the core runner,
 * writes its replies, status and assertions to the "gRPC Requests" output,
 * and keeps it in the history. Named replies are kept per file and
 * environment, so `{{login.response.body.$.token}}` works across sends.
 */
import * as vscode from 'vscode';
import { dirname } from 'node:path';
import type { RequestRunner } from '../../core/requests/runner';
import { loadHeavy } from '../lazy';
import type { Shell } from '../shell';
import type { EnvironmentPicker } from './environment-picker';
import type { HistoryStore } from './history-view';
import { editorVariables } from './variables';

export class RequestSender implements vscode.Disposable {
  private readonly output = vscode.window.createOutputChannel('gRPC Requests');
  private readonly runners = new Map<string, RequestRunner>();

  constructor(
    private readonly shell: Shell,
    private readonly envs: EnvironmentPicker,
    private readonly history: HistoryStore,
  ) {}

  async send(uri: vscode.Uri, index: number): Promise<void> {
    const doc = await vscode.workspace.openTextDocument(uri);
    const heavy = loadHeavy();
    const file = heavy.parseRequestFile(doc.getText());
    const req = file.requests[index];
    if (!req) return;
    let vars;
    try {
      vars = await editorVariables(this.shell.ext.secrets, doc, file, req, this.envs.current);
    } catch (e) {
      return void vscode.window.showErrorMessage((e as Error).message);
    }
    // A runner per file and environment keeps its named replies for the next send.
    const key = `${uri.toString()}\n${this.envs.current ?? ''}`;
    let runner = this.runners.get(key);
    if (!runner) {
      runner = new heavy.RequestRunner({
        ...vars,
        emitDefaults: this.shell.sessions.settings().emitDefaults,
        onMessage: (_r, json) => this.output.appendLine(JSON.stringify(json, null, 2)),
      });
      this.runners.set(key, runner);
    }
    const title = heavy.requestTitle(req);
    this.output.show(true);
    this.output.appendLine(`\n### ${title} — ${req.method} (${vscode.workspace.asRelativePath(uri)}:${req.line + 1})`);
    const r = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: `gRPC: ${title}` },
      () => runner.run(req, { fileVariables: file.variables, baseDir: dirname(uri.fsPath) }),
    );
    if (r.error) this.output.appendLine(`not sent (line ${r.error.line + 1}): ${r.error.message}`);
    if (r.outcome) {
      const o = r.outcome;
      this.output.appendLine(
        `${o.codeName}${o.code ? `: ${o.error?.message ?? o.details}` : ''} — ${r.durationMs.toFixed(1)} ms, ${o.sent} sent, ${o.received} received`,
      );
      await this.history.add({
        id: `${Date.now()}-${Math.random().toString(36).slice(2)}`,
        at: Date.now(),
        origin: 'codelens',
        method: req.method,
        // The address and messages as sent; metadata as written, so a {{secret}} stays a variable.
        target: r.sent?.connection.address ?? req.target,
        tls: r.sent?.connection.transport.kind === 'tls',
        metadata: req.metadata.map(([k, v]): [string, string] => [k, v]),
        messages: r.sent?.messages.map((m) => m.text) ?? req.messages.map((m) => m.text),
        codeName: o.codeName,
        durationMs: r.durationMs,
        sent: o.sent,
        received: o.received,
        file: vscode.workspace.asRelativePath(uri),
      });
    }
    for (const a of r.assertions) this.output.appendLine(`${a.passed ? '✓' : '✗'} ${a.message}`);
    const verdict = `${r.passed ? '✓' : '✗'} ${title}: ${r.outcome?.codeName ?? 'not sent'}`;
    if (r.passed) vscode.window.setStatusBarMessage(verdict, 5000);
    else {
      const choice = await vscode.window.showWarningMessage(verdict, 'Show Output', 'Open in Panel');
      if (choice === 'Show Output') this.output.show();
      if (choice === 'Open in Panel')
        await vscode.commands.executeCommand('grpcExplorer.openRequestInPanel', uri, index);
    }
  }

  /** Forgets named replies (environment switched). */
  reset(): void {
    for (const r of this.runners.values()) r.close();
    this.runners.clear();
  }

  dispose(): void {
    this.reset();
    this.output.dispose();
  }
}
