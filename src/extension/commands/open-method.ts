import * as vscode from 'vscode';
import type { MethodInfo } from '../../core/schema/types';
import type { ShellSession } from '../sessions';
import type { Shell } from '../shell';
import { KIND_INFO } from '../tree';
import { asNode, pickSession } from './pick-session';

type MethodPick = vscode.QuickPickItem & { session: ShellSession; method: MethodInfo };

/** gRPC: Open Method… — from a tree row, or a quick pick over every method of every connected target. */
export async function openMethodCommand(shell: Shell, arg?: unknown): Promise<void> {
  const node = asNode(arg);
  if (node?.type === 'method') return void shell.openPanel(shell.sessions.get(node.session.id) ?? node.session, node.method);
  const sessions = node ? [node.session] : shell.sessions.list();
  if (sessions.length === 0) {
    await pickSession(shell, undefined, 'open a method');
    return;
  }
  const items: MethodPick[] = sessions.flatMap((session) =>
    session.schema.services
      .filter((svc) => node?.type !== 'service' || svc.name === node.service.name)
      .flatMap((svc) =>
        svc.methods.map((method) => ({
          label: `$(${KIND_INFO[method.kind].icon}) ${method.fullName}`,
          description: KIND_INFO[method.kind].short,
          detail: sessions.length > 1 ? session.label : undefined,
          session,
          method,
        })),
      ),
  );
  const pick = await vscode.window.showQuickPick(items, { title: 'gRPC: Open Method', placeHolder: 'Service/Method', matchOnDescription: true });
  if (pick) shell.openPanel(pick.session, pick.method);
}
