/**
 * Request files in the editor: CodeLens on `.http` and `.proto` files,
 * diagnostics, completion, the environment picker, history. Registered at
 * activation; the parser and runner load with the heavy bundle on first use.
 */
import * as vscode from 'vscode';
import type { HistoryEntry } from '../../core/requests/history';
import { keptNote } from '../../core/requests/history-note';
import type { Shell } from '../shell';
import { RequestCompletion } from './completion';
import { RequestDiagnostics } from './diagnostics';
import { PROTO_SELECTOR, REQUEST_SELECTOR } from './documents';
import { EnvironmentPicker } from './environment-picker';
import { saveEntryToFile } from './history-view';
import { HttpCodeLens } from './http-codelens';
import { openRequestInPanel, openResolved } from './open-in-panel';
import { ProtoCodeLens, openRpcInPanel } from './proto-codelens';
import { RequestSender } from './send';
import { setRequestSecret } from './variables';

export function registerRequestFeatures(shell: Shell): vscode.Disposable {
  const envs = new EnvironmentPicker(shell.ext.workspaceState);
  const history = shell.history;
  const lenses = new HttpCodeLens();
  const sender = new RequestSender(shell, envs, history);
  const command = (id: string, run: (...args: any[]) => unknown) =>
    vscode.commands.registerCommand(`grpcExplorer.${id}`, run);
  return vscode.Disposable.from(
    envs,
    history,
    lenses,
    sender,
    envs.onDidChange(() => {
      sender.reset();
      lenses.refresh();
    }),
    new RequestDiagnostics(shell),
    vscode.languages.registerCodeLensProvider(REQUEST_SELECTOR, lenses),
    vscode.languages.registerCodeLensProvider(PROTO_SELECTOR, new ProtoCodeLens()),
    vscode.languages.registerCompletionItemProvider(
      REQUEST_SELECTOR,
      new RequestCompletion(shell, envs),
      '/',
      '{',
      '@',
      ' ',
      '"',
    ),
    vscode.window.createTreeView('grpcExplorer.history', { treeDataProvider: history }),
    command('sendRequest', (uri: vscode.Uri, i: number) => sender.send(uri, i)),
    command('openRequestInPanel', (uri: vscode.Uri, i: number) => openRequestInPanel(shell, envs, uri, i)),
    command('openRpcInPanel', (uri: vscode.Uri, method: string) => openRpcInPanel(shell, uri, method)),
    command('selectEnvironment', () => envs.pick()),
    command('setRequestSecret', () => setRequestSecret(shell.ext.secrets)),
    command('clearHistory', () => history.clear()),
    command('history.reopen', (e: HistoryEntry) => reopen(shell, e)),
    command('history.save', (e: HistoryEntry) => saveEntryToFile(e)),
  );
}

/** A history entry back in a panel; its variables (redacted secrets) stay as written. */
function reopen(shell: Shell, e: HistoryEntry): Promise<void> {
  if (/\{\{/.test(e.target))
    return Promise.resolve(
      void vscode.window.showWarningMessage(
        `${e.target} holds a variable: open the request from its file (${e.file ?? 'unknown'}) to resolve it.`,
      ),
    );
  const kept = keptNote(e);
  if (kept)
    void vscode.window.showInformationMessage(
      `${e.method}: ${kept}. The panel has the first ${e.messages.length}; the history did not keep the rest of the stream.`,
    );
  return openResolved(shell, {
    connection: { address: e.target, transport: e.tls ? { kind: 'tls' } : { kind: 'plaintext' } },
    schema: { kind: 'reflection' },
    method: e.method,
    metadata: e.metadata,
    messages: e.messages.map((text, i) => ({ text, line: i, waitForServer: false })),
  });
}
