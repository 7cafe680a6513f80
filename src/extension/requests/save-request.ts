/**
 * "Save to .http" (from the panel or a history entry): the person picks an
 * open `.http` file, another one on disk, or a new file; the request is
 * appended as a new `###` section (or is the new file's content), with
 * certificate and proto paths relative to that file.
 */
import * as vscode from 'vscode';
import { dirname } from 'node:path';
import type { WritableRequest } from '../../core/requests/write';
import { loadHeavy } from '../lazy';
import { isRequestDocument } from './documents';

type Notify = (n: { type: 'notice'; level: 'info' | 'warning' | 'error'; text: string }) => void;

const NEW_FILE = '$(new-file) New .http file…';
const OTHER_FILE = '$(folder-opened) Another .http file…';

export async function saveRequestToFile(request: WritableRequest, notify?: Notify): Promise<void> {
  const uri = await chooseFile();
  if (!uri) return;
  const { appendRequest, writeRequest, pathsRelativeTo } = loadHeavy();
  const fitted =
    uri.scheme === 'file' ? { ...request, settings: pathsRelativeTo(request.settings, dirname(uri.fsPath)) } : request;
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) {
    // An open file may hold unsaved edits: append through the editor, then save it.
    const edit = new vscode.WorkspaceEdit();
    const all = new vscode.Range(0, 0, open.lineCount, 0);
    edit.replace(uri, all, appendRequest(open.getText(), fitted));
    if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`could not edit ${uri.fsPath}`);
    await open.save();
  } else {
    let existing = '';
    try {
      existing = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      /* a new file */
    }
    const text = existing ? appendRequest(existing, fitted) : writeRequest(fitted);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  }
  const doc = await vscode.window.showTextDocument(uri, { preview: false });
  const end = doc.document.lineCount - 1;
  doc.revealRange(new vscode.Range(end, 0, end, 0));
  notify?.({
    type: 'notice',
    level: 'info',
    text: `Saved ${request.method} to ${vscode.workspace.asRelativePath(uri)}.`,
  });
}

/** The open `.http` files first (the last one used on top), then another file or a new one. */
async function chooseFile(): Promise<vscode.Uri | undefined> {
  const open = vscode.workspace.textDocuments.filter(
    (d) => isRequestDocument(d) && !d.isClosed && d.uri.scheme === 'file',
  );
  const items = [
    ...open.map((d) => ({ label: vscode.workspace.asRelativePath(d.uri), description: 'append', uri: d.uri })),
    { label: NEW_FILE, description: '', uri: undefined },
    { label: OTHER_FILE, description: 'append', uri: undefined },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Save request to .http',
    placeHolder: 'Append to a request file, or start a new one',
  });
  if (!picked) return undefined;
  if (picked.uri) return picked.uri;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (picked.label === NEW_FILE)
    return vscode.window.showSaveDialog({
      title: 'New request file (an existing file gets the request appended)',
      filters: { 'HTTP request files': ['http'] },
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, 'requests.http') } : {}),
    });
  const chosen = await vscode.window.showOpenDialog({
    title: 'Append the request to',
    filters: { 'HTTP request files': ['http'] },
    canSelectMany: false,
    ...(folder ? { defaultUri: folder } : {}),
  });
  return chosen?.[0];
}
