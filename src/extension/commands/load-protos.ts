import * as vscode from 'vscode';
import type { SchemaSource } from '../../core/schema/types';
import { askAddress, pickTransport } from '../connect/steps';
import type { ConnectRequest, ShellSession } from '../sessions';
import { importPathsFor } from '../../host/connect/proto-paths';
import type { Shell } from '../shell';
import { connectWithUi } from './connect';

/**
 * gRPC: Load Proto Files… — for servers without reflection: pick .proto files (or a protoset), then
 * the target (kept from a failed Connect when it came from its error).
 */
export async function loadProtosCommand(shell: Shell, from?: ConnectRequest): Promise<ShellSession | undefined> {
  const uris = await vscode.window.showOpenDialog({
    title: 'gRPC: Load Proto Files — the service definitions (imports are resolved from their folders)',
    canSelectMany: true,
    openLabel: 'Load',
    filters: { 'Protocol Buffers': ['proto'], 'Protoset (FileDescriptorSet)': ['protoset', 'pb', 'bin', 'desc'] },
  });
  if (!uris?.length) return undefined;
  const files = uris.map((u) => u.fsPath);
  const roots = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
  const source: SchemaSource = files.every((f) => f.endsWith('.proto'))
    ? { kind: 'proto', files, importPaths: importPathsFor(files, roots) }
    : { kind: 'protoset', files };
  let req = from;
  if (!req) {
    const picked = await askAddress();
    if (!picked || !('address' in picked)) return undefined;
    const transport = await pickTransport(picked.address, picked.hint);
    if (!transport) return undefined;
    req = { address: picked.address, transport, headers: [] };
  }
  return connectWithUi(shell, { ...req, source });
}
