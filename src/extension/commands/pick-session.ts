import * as vscode from 'vscode';
import type { ShellSession } from '../sessions';
import type { Shell } from '../shell';
import type { TreeNode } from '../tree';

/** Tree rows arrive as the first argument when a command runs from the view; anything else is ignored. */
export function asNode(arg: unknown): TreeNode | undefined {
  const n = arg as TreeNode | undefined;
  return n && typeof n === 'object' && 'session' in n && (n.type === 'target' || n.type === 'service' || n.type === 'method') ? n : undefined;
}

/**
 * The session a command acts on: the tree row's, the only one, or the user's pick. With none
 * connected it offers Connect instead of failing silently.
 */
export async function pickSession(shell: Shell, arg: unknown, purpose: string): Promise<ShellSession | undefined> {
  const node = asNode(arg);
  if (node) return shell.sessions.get(node.session.id) ?? node.session;
  const all = shell.sessions.list();
  if (all.length === 1) return all[0];
  if (all.length === 0) {
    const go = await vscode.window.showInformationMessage(`gRPC: no server connected. Connect to one to ${purpose}.`, 'Connect…', 'Start Sample Server');
    if (go === 'Connect…') void vscode.commands.executeCommand('grpcExplorer.connect');
    if (go === 'Start Sample Server') void vscode.commands.executeCommand('grpcExplorer.startSampleServer');
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    all.map((s) => ({ label: s.options.address, description: s.label, session: s })),
    { title: `gRPC: choose a target to ${purpose}` },
  );
  return pick?.session;
}
