import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SchemaSource } from '../../core/schema/types';
import { askAddress, pickTransport } from '../connect/steps';
import type { ConnectRequest, ShellSession } from '../sessions';
import type { Shell } from '../shell';
import { connectWithUi } from './connect';

/**
 * Import paths for chosen .proto files: each file's folder and its ancestors up to the workspace
 * folder holding it (imports are usually written from a proto root above the file), plus workspace roots.
 */
export function importPathsFor(files: readonly string[], workspaceRoots: readonly string[]): string[] {
  const out = new Set<string>();
  for (const f of files) {
    const root = workspaceRoots.find((r) => f.startsWith(r + path.sep));
    let dir = path.dirname(f);
    for (let depth = 0; depth < 6; depth++) {
      out.add(dir);
      const up = path.dirname(dir);
      if (up === dir || dir === root || (!root && depth >= 2)) break;
      dir = up;
    }
  }
  workspaceRoots.forEach((r) => out.add(r));
  return [...out];
}

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
