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
import type { PersistedPanelState } from '../../shared/protocol';
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
  await openResolved(shell, resolved, secretKeysOf(req.metadata, vars));
}

type PanelRequest = Pick<ResolvedRequest, 'connection' | 'schema' | 'method' | 'metadata' | 'messages' | 'deadlineMs'>;

/** Connects (with progress) unless a session to the same address and transport exists, then opens the panel. */
export async function openResolved(shell: Shell, r: PanelRequest, secretKeys: readonly string[] = []): Promise<void> {
  let found;
  try {
    found = await sessionFor(shell, r, secretKeys);
  } catch (e) {
    return void vscode.window.showErrorMessage((e as Error).message);
  }
  const { session, method } = found;
  // Nothing to load (an rpc opened from a .proto): the panel's own template of the request type.
  if (r.messages.length === 0 && r.metadata.length === 0) return void shell.openPanel(session, method);
  // The panel's webview gets references for the secret rows; the values stay in the extension host.
  shell.openPanel(session, method, loadedState(session, method, r), secretRows(r, secretKeys));
}

/**
 * Keys of a request's metadata (as written in its file) whose values are secret wherever they go
 * next: those whose value comes from SecretStorage ("Set Request Secret…"). Lower case.
 */
export function secretKeysOf(
  metadata: readonly (readonly [string, string])[],
  vars: { fallback(name: string): string | undefined },
): string[] {
  const fromSecrets = (v: string) => loadHeavy().variableNames(v).some((n) => vars.fallback(n) !== undefined);
  return metadata.filter(([, v]) => fromSecrets(v)).map(([k]) => k.trim().toLowerCase());
}

/** The rows of `r` the webview may only see as references: credential-looking keys and `secretKeys`. */
export function secretRows(r: PanelRequest, secretKeys: readonly string[]): [string, string][] {
  return r.metadata.filter(([k]) => isSecret(k, secretKeys)).map(([k, v]) => [k, v]);
}

function isSecret(key: string, secretKeys: readonly string[]): boolean {
  return loadHeavy().isSecretKey(key) || secretKeys.includes(key.trim().toLowerCase());
}

/**
 * The session to call `r` on: one to the same address and transport, or a new connection (with a
 * cancellable progress notification). Throws, naming the target, when it cannot connect or lacks the method.
 */
export async function sessionFor(
  shell: Shell,
  r: PanelRequest,
  secretKeys: readonly string[] = [],
): Promise<{ session: ShellSession; method: MethodInfo }> {
  const { address, transport } = r.connection;
  let session: ShellSession | undefined = shell.sessions.get(targetId(address, transport));
  // A session whose (reflected) schema lacks the method is replaced by one on the given protos.
  if (session && r.schema.kind !== 'reflection' && !findMethodLoosely(session, r.method)) session = undefined;
  session ??= await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `gRPC: connecting to ${address}`, cancellable: true },
    (_p, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      const headers = r.metadata.map(([key, value]) => ({ key, value, secret: isSecret(key, secretKeys) }));
      return shell.sessions.connect(
        { address, transport, headers, ...(r.schema.kind === 'reflection' ? {} : { source: r.schema }) },
        { signal: abort.signal },
      );
    },
  );
  const method = findMethodLoosely(session, r.method);
  if (!method) {
    const names = session.schema.services.map((s) => s.name).join(', ') || 'none';
    throw new Error(`${session.label} has no method ${r.method} (services: ${names})`);
  }
  return { session, method };
}

/**
 * What the panel opens with: the first message in the editor and, for client and bidi streams
 * with several, all of them queued (Send sends one and loads the next). `sent`: the messages
 * already went out (CodeLens Send), so the queue shows them as sent.
 */
export function loadedState(
  session: ShellSession,
  method: MethodInfo,
  r: PanelRequest,
  sent = false,
): PersistedPanelState {
  const messages = r.messages.map((m) => ({ text: prettyJson(m.text), waitForServer: m.waitForServer }));
  const queued = messages.length > 1;
  return {
    sessionId: session.id,
    methodFullName: method.fullName,
    editorText: messages[sent && queued ? messages.length - 1 : 0]?.text ?? '{}',
    metadata: r.metadata,
    ...(r.deadlineMs !== undefined ? { deadlineMs: r.deadlineMs } : {}),
    ...(queued ? { queue: { messages, next: sent ? messages.length : 0 } } : {}),
  };
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
