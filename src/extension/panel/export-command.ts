/**
 * The panel's Export: asks where to save, then streams the current call's
 * events to the file with a cancellable progress notification. JSON lines
 * hold every event and its message; CSV holds the timings.
 */
import * as vscode from 'vscode';
import { rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { MethodInfo } from '../../core/schema/types';
import type { NoticeMessage } from '../../shared/protocol';
import type { CallSession } from '../../host/call/call-session';
import { exportJsonLines, exportTimingsCsv } from '../../host/call/export';

const FORMATS: Record<'jsonl' | 'csv', { filters: Record<string, string[]>; what: string }> = {
  jsonl: { filters: { 'JSON lines': ['jsonl'] }, what: 'events and messages' },
  csv: { filters: { CSV: ['csv'] }, what: 'timings' },
};

function defaultUri(method: MethodInfo, ext: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? homedir();
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  return vscode.Uri.file(join(folder, `${method.name}-${stamp}.${ext}`));
}

/** Runs the export of the session's current call in `format`; says what happened through `notify`. */
export async function exportCall(
  calls: CallSession,
  method: MethodInfo,
  format: 'jsonl' | 'csv',
  notify: (n: NoticeMessage) => void,
): Promise<void> {
  const run = calls.current;
  if (!run) return notify({ type: 'notice', level: 'info', text: 'Nothing to export yet: make a call first.' });
  const uri = await vscode.window.showSaveDialog({
    defaultUri: defaultUri(method, format),
    filters: FORMATS[format].filters,
    saveLabel: 'Export',
    title: `Export ${FORMATS[format].what}`,
  });
  if (!uri) return;
  if (uri.scheme !== 'file')
    return notify({
      type: 'notice',
      level: 'error',
      text: `Export writes local files only; pick a folder on this machine (not ${uri.scheme}:).`,
    });
  const rec = run.call.recording;
  const count = rec.length; // events recorded so far; a live stream keeps going while this is written
  const path = uri.fsPath;
  const title = `Exporting ${count.toLocaleString('en-US')} events of ${method.name}`;
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      let reported = 0;
      const onProgress = (written: number, total: number) => {
        progress.report({ increment: ((written - reported) * 100) / total });
        reported = written;
      };
      try {
        if (format === 'csv') await exportTimingsCsv(path, rec, count, { onProgress, signal: abort.signal });
        else await exportJsonLines(path, count, (i) => run.text.exportValue(i), { onProgress, signal: abort.signal });
        notify({ type: 'notice', level: 'info', text: `Exported ${count.toLocaleString('en-US')} events to ${path}` });
      } catch (e) {
        await rm(path, { force: true });
        const text = abort.signal.aborted
          ? 'Export cancelled; the partial file was deleted.'
          : `Export to ${path} failed: ${(e as Error).message}`;
        notify({ type: 'notice', level: abort.signal.aborted ? 'info' : 'error', text });
      }
    },
  );
}
