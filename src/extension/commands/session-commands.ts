import * as vscode from 'vscode';
import { SAMPLE_SESSION_ID } from '../sample-host';
import type { Shell } from '../shell';
import { connectWithUi } from './connect';
import { pickSession } from './pick-session';

/** gRPC: Disconnect — closes the channel; for the bundled sample server, stops it too. */
export async function disconnectCommand(shell: Shell, arg?: unknown): Promise<void> {
  const s = await pickSession(shell, arg, 'disconnect');
  if (!s) return;
  shell.sessions.disconnect(s.id);
  if (s.id === SAMPLE_SESSION_ID) await shell.sample.stop();
}

/** gRPC: Refresh Services — discovers again, bypassing the descriptor cache. */
export async function refreshCommand(shell: Shell, arg?: unknown): Promise<void> {
  const s = await pickSession(shell, arg, 'refresh');
  if (s) await connectWithUi(shell, s.request, true);
}

/** gRPC: Start Sample Server — runs the bundled server in this window and connects to it. */
export async function startSampleCommand(shell: Shell): Promise<void> {
  let address: string;
  try {
    address = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'gRPC: starting the sample server…' },
      async () => (await shell.sample.start()).address,
    );
  } catch (e) {
    shell.log.error(`sample server did not start: ${(e as Error).stack ?? e}`);
    void vscode.window.showErrorMessage(`gRPC: the sample server did not start: ${(e as Error).message}`, 'Show Log').then((c) => c && shell.log.show(true));
    return;
  }
  const session = await connectWithUi(shell, {
    id: SAMPLE_SESSION_ID, label: `${address} (plaintext, sample server)`, address, transport: { kind: 'plaintext' }, headers: [], ephemeral: true,
  });
  if (!session) return;
  // First run: one click from here to a working call.
  const first = session.schema.services.flatMap((s) => s.methods).find((m) => m.fullName.endsWith('Counter/Increment'));
  const open = first ? 'Open Counter/Increment' : undefined;
  const choice = await vscode.window.showInformationMessage(`gRPC: sample server running on ${address}.`, ...(open ? [open] : []));
  if (choice === open && first) shell.openPanel(session, first);
}
