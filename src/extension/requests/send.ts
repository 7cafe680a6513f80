/**
 * CodeLens "Send": runs one request of a `.http` file with the core runner,
 * which resolves its variables and checks its assertions, while the call
 * itself is made by the method panel (opened with the request loaded, so its
 * timeline and timing show the call as for one sent from the panel). The
 * status and assertions go to the "gRPC Requests" output, the call to the
 * history. Named replies are kept per file and environment, so
 * `{{login.response.body.$.token}}` works across sends.
 */
import * as vscode from 'vscode';
import { dirname } from 'node:path';
import type { Executed } from '../../core/requests/execute';
import type { ResolvedRequest } from '../../core/requests/resolve';
import type { RequestRunner } from '../../core/requests/runner';
import { loadHeavy } from '../lazy';
import type { Shell } from '../shell';
import type { EnvironmentPicker } from './environment-picker';
import { newHistoryId, type HistoryStore } from './history-view';
import { loadedState, secretKeysOf, secretRows, sessionFor } from './open-in-panel';
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
        // The panel shows rows whose values come from SecretStorage as references.
        executor: (resolved, request) => this.inPanel(resolved, secretKeysOf(request.metadata, vars)),
      });
      this.runners.set(key, runner);
    }
    const title = heavy.requestTitle(req);
    this.output.appendLine(`\n### ${title} — ${req.method} (${vscode.workspace.asRelativePath(uri)}:${req.line + 1})`);
    const r = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: `gRPC: ${title}` },
      () => runner.run(req, { fileVariables: file.variables, baseDir: dirname(uri.fsPath) }),
    );
    // Advice names # @grpc-… settings and grpcExplorer.maxMessageBytes, not CLI flags.
    const inFileTerms = (message: string) => heavy.inRequestFileTerms(message, 'editor');
    if (r.error) this.output.appendLine(`not sent (line ${r.error.line + 1}): ${inFileTerms(r.error.message)}`);
    if (r.outcome) {
      const o = r.outcome;
      this.output.appendLine(
        `${o.codeName}${o.code ? `: ${inFileTerms(o.error?.message ?? o.details)}` : ''} — ${r.durationMs.toFixed(1)} ms, ${o.sent} sent, ${o.received} received`,
      );
      await this.history.add({
        id: newHistoryId(),
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
      // A call that went out is in its panel already; one that did not can still be opened there.
      const choices = r.outcome ? ['Show Output'] : ['Show Output', 'Open in Panel'];
      const choice = await vscode.window.showWarningMessage(verdict, ...choices);
      if (choice === 'Show Output') this.output.show();
      if (choice === 'Open in Panel')
        await vscode.commands.executeCommand('grpcExplorer.openRequestInPanel', uri, index);
    }
  }

  /** Opens (or replaces) the method's panel with the request loaded, and sends it as the panel's call. */
  private async inPanel(resolved: ResolvedRequest, secretKeys: readonly string[]): Promise<Executed> {
    const { session, method } = await sessionFor(this.shell, resolved, secretKeys);
    const panel = this.shell.openPanel(
      session,
      method,
      loadedState(session, method, resolved, true),
      secretRows(resolved, secretKeys),
    );
    try {
      return await panel.runRequest({
        messages: resolved.messages,
        metadata: resolved.metadata,
        ...(resolved.deadlineMs !== undefined ? { deadlineMs: resolved.deadlineMs } : {}),
      });
    } catch (e) {
      // A message that does not fit the request type: name its line, as the diagnostics do.
      const bad = (e as { index?: number }).index;
      const at = bad === undefined ? undefined : resolved.messages[bad];
      if (at)
        throw new (loadHeavy().RequestError)(
          at.line,
          `invalid message for ${method.requestType}: ${(e as Error).message}`,
        );
      throw e;
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
