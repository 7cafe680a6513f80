/**
 * `.proto` files: CodeLens "Open in Panel…" above each `rpc`. The target is a
 * connected one or a typed address; when the server has no reflection (or
 * lacks the method), the workspace's protos are the schema, with import roots
 * from buf.yaml / buf.work.yaml or the `grpcExplorer.protoImportPaths` setting.
 */
import * as vscode from 'vscode';
import { dirname, isAbsolute, join } from 'node:path';
import type { Transport } from '../../core/connection-types';
import { loadHeavy } from '../lazy';
import type { Shell } from '../shell';
import { openResolved } from './open-in-panel';

export class ProtoCodeLens implements vscode.CodeLensProvider {
  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const lenses: vscode.CodeLens[] = [];
    let pkg = '';
    let service = '';
    for (let i = 0; i < doc.lineCount; i++) {
      const line = doc.lineAt(i).text.replace(/\/\/.*$/, '');
      pkg = /^\s*package\s+([\w.]+)\s*;/.exec(line)?.[1] ?? pkg;
      service = /^\s*service\s+(\w+)/.exec(line)?.[1] ?? service;
      const rpc = /^\s*rpc\s+(\w+)\s*\(/.exec(line);
      if (!rpc || !service) continue;
      const method = `${pkg ? pkg + '.' : ''}${service}/${rpc[1]}`;
      lenses.push(
        new vscode.CodeLens(new vscode.Range(i, 0, i, 0), {
          title: 'Open in Panel…',
          command: 'grpcExplorer.openRpcInPanel',
          arguments: [doc.uri, method],
          tooltip: `Call ${method} on a target you choose`,
        }),
      );
    }
    return lenses;
  }
}

export async function openRpcInPanel(shell: Shell, uri: vscode.Uri, method: string): Promise<void> {
  const target = await chooseTarget(shell);
  if (!target) return;
  const { address, transport } = target;
  const session = shell.sessions
    .list()
    .find((s) => s.options.address === address && JSON.stringify(s.options.transport) === JSON.stringify(transport));
  const hasMethod = session?.schema.services.some((s) =>
    s.methods.some((m) => m.fullName === method.replace('/', '.') || `${s.name}/${m.name}` === method),
  );
  const base = { connection: { address, transport }, method, metadata: [] as [string, string][], messages: [] };
  if (session && hasMethod) return openResolved(shell, { ...base, schema: { kind: 'reflection' } });
  const importPaths = await importRoots(uri);
  // The workspace's protos describe what this file shows, whatever the server reflects (or not).
  await openResolved(shell, { ...base, schema: { kind: 'proto', files: [uri.fsPath], importPaths } });
}

async function chooseTarget(shell: Shell): Promise<{ address: string; transport: Transport } | undefined> {
  const typed = '$(edit) Enter host:port…';
  const items = [
    ...shell.sessions
      .list()
      .map((s) => ({ label: s.label, address: s.options.address, transport: s.options.transport })),
    { label: typed, address: '', transport: { kind: 'plaintext' } as Transport },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: 'Open in Panel: which server?' });
  if (!picked) return undefined;
  if (picked.label !== typed) return { address: picked.address, transport: picked.transport };
  const address = await vscode.window.showInputBox({
    title: 'Server address',
    placeHolder: 'localhost:50051',
    validateInput: (v) => (/:\d+$/.test(v.trim()) ? undefined : 'host:port, e.g. localhost:50051'),
  });
  if (!address) return undefined;
  const tls = await vscode.window.showQuickPick(['Plaintext', 'TLS (system roots)'], {
    title: `How to reach ${address}`,
  });
  if (!tls) return undefined;
  return { address: address.trim(), transport: tls === 'Plaintext' ? { kind: 'plaintext' } : { kind: 'tls' } };
}

/** buf.work.yaml / buf.yaml roots of the file's workspace folder, then the setting; the file's folder when neither says. */
async function importRoots(uri: vscode.Uri): Promise<string[]> {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  const base = folder?.uri.fsPath ?? dirname(uri.fsPath);
  const setting = vscode.workspace
    .getConfiguration('grpcExplorer', uri)
    .get<string[]>('protoImportPaths', [])
    .map((p) => (isAbsolute(p) ? p : join(base, p)));
  const found = folder
    ? await vscode.workspace.findFiles(
        new vscode.RelativePattern(folder, '**/{buf.yaml,buf.work.yaml}'),
        '**/node_modules/**',
        20,
      )
    : [];
  const files = await Promise.all(
    found.map(async (f) => ({ path: f.fsPath, text: new TextDecoder().decode(await vscode.workspace.fs.readFile(f)) })),
  );
  const roots = [...setting, ...loadHeavy().bufImportRoots(files)];
  return roots.length ? roots : [dirname(uri.fsPath)];
}
