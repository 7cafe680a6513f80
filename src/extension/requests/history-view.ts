/**
 * Call history per workspace (workspaceState), newest first, bounded by
 * `grpcExplorer.historyKept`, shown in the gRPC side bar. Each entry reopens
 * in a panel or is saved to a `.http` file.
 */
import * as vscode from 'vscode';
import type { HistoryEntry } from '../../core/requests/history';
import { keptNote } from '../../core/requests/history-note';
import { loadHeavy } from '../lazy';
import { saveRequestToFile } from './save-request';

const KEY = 'grpcExplorer.history';

export function newHistoryId(): string {
  return `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

export class HistoryStore implements vscode.TreeDataProvider<HistoryEntry>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly state: vscode.Memento) {}

  entries(): readonly HistoryEntry[] {
    return this.state.get<HistoryEntry[]>(KEY, []);
  }

  async add(entry: HistoryEntry): Promise<void> {
    const kept = vscode.workspace.getConfiguration('grpcExplorer').get<number>('historyKept', 100);
    await this.state.update(KEY, loadHeavy().addToHistory(this.entries(), entry, kept));
    this.changed.fire();
  }

  async clear(): Promise<void> {
    await this.state.update(KEY, []);
    this.changed.fire();
  }

  getChildren(): HistoryEntry[] {
    return [...this.entries()];
  }

  getTreeItem(e: HistoryEntry): vscode.TreeItem {
    const item = new vscode.TreeItem(e.method.split('/').pop() ?? e.method);
    item.id = e.id;
    const what = e.calls
      ? `${e.calls.label}: ${e.calls.count} calls, ${e.calls.failed} failed, in ${e.durationMs.toFixed(1)} ms`
      : `${e.codeName} in ${e.durationMs.toFixed(1)} ms, ${e.sent} sent, ${e.received} received`;
    const kept = keptNote(e);
    item.description = e.calls
      ? `runner · ${e.calls.count} calls · ${e.codeName} · ${e.target}`
      : `${e.codeName} · ${e.durationMs.toFixed(1)} ms · ${e.target}${kept ? ` · ${kept}` : ''}`;
    item.tooltip = new vscode.MarkdownString(
      [
        `**${e.method}** on \`${e.target}\`${e.tls ? ' (TLS)' : ''}`,
        what,
        ...(kept ? [`${kept}: the history keeps a stream's first ${e.messages.length} messages, not the rest.`] : []),
        `${new Date(e.at).toLocaleString()} · ${e.origin}${e.file ? ` · ${e.file}` : ''}`,
      ].join('\n\n'),
    );
    item.iconPath = new vscode.ThemeIcon(e.codeName === 'OK' ? 'pass' : 'error');
    item.contextValue = 'historyEntry';
    item.command = { command: 'grpcExplorer.history.reopen', title: 'Open in Panel', arguments: [e] };
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** Writes an entry as a request in a `.http` file: a new file, or appended to an open or chosen one. */
export async function saveEntryToFile(e: HistoryEntry): Promise<void> {
  const request = loadHeavy().requestFromCall({
    connection: { address: e.target, transport: e.tls ? { kind: 'tls' } : { kind: 'plaintext' } },
    method: e.method,
    metadata: e.metadata,
    messages: e.messages.map((text) => ({ text })),
  });
  const kept = keptNote(e);
  // The file says what the history lost, so it is not taken for the whole stream.
  await saveRequestToFile(kept ? { ...request, comments: [`${kept} in the history: the call sent the rest too.`] } : request);
}
