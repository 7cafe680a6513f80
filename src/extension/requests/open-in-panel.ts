/**
 * "Open in Panel" for a request of a `.http` file or a history entry: connects
 * its target (or reuses the session), then opens the method panel with the
 * request's message, metadata and deadline loaded.
 */
import * as vscode from 'vscode';
import { dirname } from 'node:path';
import type { ResolvedRequest } from '../../core/requests/resolve';
import type { MethodInfo } from '../../core/schema/types';
import { loadHeavy } from '../lazy';
import type { Shell } from '../shell';
import type { ShellSession } from '../sessions';
import { targetId } from '../../host/connect/targets';
import type { EnvironmentPicker } from './environment-picker';
import { editorVariables } from './variables';

export async function openRequestInPanel(
  shell: Shell,
  envs: EnvironmentPicker,
  uri: vscode.Uri,
  index: number,
): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const heavy = loadHeavy();
  const file = heavy.parseRequestFile(doc.getText());
  const req = file.requests[index];
  if (!req) return;
  let resolved: ResolvedRequest;
  let vars: Awaited<ReturnType<typeof editorVariables>>;
  try {
    vars = await editorVariables(shell.ext.secrets, doc, file, req, envs.current);
    resolved = heavy.resolveRequest(
      req,
      { ...vars, fileVariables: file.variables, replies: new Map() },
      dirname(uri.fsPath),
    );
  } catch (e) {
    return void vscode.window.showErrorMessage(
      `${vscode.workspace.asRelativePath(uri)}:${req.line + 1}: ${(e as Error).message}`,
    );
  }
  // Rows whose value came from SecretStorage ("Set Request Secret…") are secret wherever they go next.
  const fromSecrets = (v: string) => heavy.variableNames(v).some((n) => vars.fallback(n) !== undefined);
  const secretKeys = req.metadata.filter(([, v]) => fromSecrets(v)).map(([k]) => k.trim().toLowerCase());
  await openResolved(shell, resolved, secretKeys);
}

/** Connects (with progress) unless a session to the same address and transport exists, then opens the panel. */
export async function openResolved(
  shell: Shell,
  r: Pick<ResolvedRequest, 'connection' | 'schema' | 'method' | 'metadata' | 'messages' | 'deadlineMs'>,
  secretKeys: readonly string[] = [],
): Promise<void> {
  const isSecret = (key: string) => loadHeavy().isSecretKey(key) || secretKeys.includes(key.trim().toLowerCase());
  const { address, transport } = r.connection;
  let session: ShellSession | undefined = shell.sessions.get(targetId(address, transport));
  // A session whose (reflected) schema lacks the method is replaced by one on the given protos.
  if (session && r.schema.kind !== 'reflection' && !findMethodLoosely(session, r.method)) session = undefined;
  try {
    session ??= await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `gRPC: connecting to ${address}`, cancellable: true },
      (_p, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        const headers = r.metadata.map(([key, value]) => ({ key, value, secret: isSecret(key) }));
        return shell.sessions.connect(
          { address, transport, headers, ...(r.schema.kind === 'reflection' ? {} : { source: r.schema }) },
          { signal: abort.signal },
        );
      },
    );
  } catch (e) {
    return void vscode.window.showErrorMessage((e as Error).message);
  }
  const method = findMethodLoosely(session, r.method);
  if (!method) return void vscode.window.showErrorMessage(`${session.label} has no method ${r.method}`);
  // Nothing to load (an rpc opened from a .proto): the panel's own template of the request type.
  if (r.messages.length === 0 && r.metadata.length === 0) return shell.openPanel(session, method);
  shell.openPanel(
    session,
    method,
    {
      sessionId: session.id,
      methodFullName: method.fullName,
      editorText: prettyJson(r.messages[0]?.text ?? '{}'),
      metadata: r.metadata,
      ...(r.deadlineMs !== undefined ? { deadlineMs: r.deadlineMs } : {}),
    },
    // The panel's webview gets references for these; the values stay in the extension host.
    r.metadata.filter(([k]) => isSecret(k)),
  );
}

function findMethodLoosely(session: ShellSession, name: string): MethodInfo | undefined {
  const { findMethod } = loadHeavy();
  return (
    findMethod(session.schema, name) ??
    findMethod(
      session.schema,
      name.replace(/\/(\w)/, (_, c: string) => `/${c.toUpperCase()}`),
    )
  );
}

function prettyJson(text: string): string {
  try {
    // Only reformats when nothing is lost (64-bit integers are strings in proto3 JSON; a bare big number stays as typed).
    const round = JSON.stringify(JSON.parse(text));
    return round.replace(/\s/g, '') === text.replace(/\s/g, '') ? JSON.stringify(JSON.parse(text), null, 2) : text;
  } catch {
    return text;
  }
}
