/**
 * Exports of the panel's experiments: a kept run as JSON or CSV and a lab run
 * as JSON or CSV (save dialog), a run's load as a ghz command or k6 script
 * (clipboard, with what it cannot reproduce said in the notice).
 */
import * as vscode from 'vscode';
import { writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { flowLabToCsv, flowLabToJson, ghzCommand, k6Script, runToCsv, runToJson } from '../../core/export';
import type { FlowLabResult, RunResult } from '../../core/experiments';
import type { NoticeMessage } from '../../shared/protocol';
import { referencedKeys } from '../../host/secret-refs';

type Notify = (n: NoticeMessage) => void;

async function save(name: string, ext: 'json' | 'csv', text: string, notify: Notify): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? homedir();
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const uri = await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.file(join(folder, `${name}-${stamp}.${ext}`)),
    filters: ext === 'json' ? { JSON: ['json'] } : { CSV: ['csv'] },
    saveLabel: 'Export',
  });
  if (!uri) return;
  if (uri.scheme !== 'file')
    return notify({ type: 'notice', level: 'error', text: `Export writes local files only, not ${uri.scheme}:.` });
  try {
    await writeFile(uri.fsPath, text);
    notify({ type: 'notice', level: 'info', text: `Exported to ${uri.fsPath}` });
  } catch (e) {
    notify({ type: 'notice', level: 'error', text: `Export to ${uri.fsPath} failed: ${(e as Error).message}` });
  }
}

/** Exports kept run `run` (undefined: it was forgotten) in `format`. */
export async function exportRun(
  run: RunResult | undefined,
  format: 'json' | 'csv' | 'ghz' | 'k6',
  notify: Notify,
): Promise<void> {
  if (!run) return notify({ type: 'notice', level: 'info', text: 'That run is no longer kept; run it again.' });
  const name = (run.load?.method.split('/').pop() ?? 'run') + '-run';
  if (format === 'json') return save(name, 'json', runToJson(run), notify);
  if (format === 'csv') return save(name, 'csv', runToCsv(run), notify);
  if (!run.load) return notify({ type: 'notice', level: 'info', text: 'This run has no load description to export.' });
  // A kept run holds references for secret values: the command reads them from the environment.
  const secretKeys = referencedKeys(run.load.metadata);
  const out = format === 'ghz' ? ghzCommand(run.load, { secretKeys }) : k6Script(run.load, { secretKeys });
  await vscode.env.clipboard.writeText(out.text);
  const what = format === 'ghz' ? 'ghz command' : 'k6 script';
  const warn = out.warnings.length ? ` Note: ${out.warnings.join('; ')}.` : '';
  notify({
    type: 'notice',
    level: out.warnings.length ? 'warning' : 'info',
    text: `Copied the ${what} to the clipboard.${warn}`,
  });
}

/** Exports the last lab run. */
export async function exportLab(
  result: FlowLabResult | undefined,
  format: 'json' | 'csv',
  notify: Notify,
): Promise<void> {
  if (!result) return notify({ type: 'notice', level: 'info', text: 'Nothing to export yet: run the lab first.' });
  return save('flow-lab', format, format === 'json' ? flowLabToJson(result) : flowLabToCsv(result), notify);
}
