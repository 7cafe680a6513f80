/**
 * The method panel's entry points for the extension shell: register once in
 * activate(), then open one panel per target and method. Panels survive a
 * window reload through a WebviewPanelSerializer: the webview keeps the
 * session id, method and editor text in its state, and the restored panel
 * reconnects the target through `sessions.restore`.
 */
import * as vscode from 'vscode';
import type { MetadataEntries } from '../../core/metadata';
import type { MethodInfo } from '../../core/schema/types';
import type { PersistedPanelState } from '../../shared/protocol';
import { parsePersistedState } from '../../shared/validate';
import type { SessionRegistry, TargetSession } from '../session-types';
import { KeptRuns } from '../../host/runner/kept-runs';
import { METHOD_VIEW_TYPE, MethodPanel, panelTitle, showUnavailable, webviewOptions, type PanelContext } from './panel';

let context: PanelContext | undefined;
const open = new Map<string, MethodPanel>();

const keyOf = (sessionId: string, method: string) => `${sessionId}\n${method}`;

function track(panel: MethodPanel, sessionId: string): void {
  const key = keyOf(sessionId, panel.method.fullName);
  open.set(key, panel);
  panel.onDispose(() => open.get(key) === panel && open.delete(key));
}

/** Restores a panel from the state its webview saved before the reload. */
async function restore(ctx: PanelContext, panel: vscode.WebviewPanel, raw: unknown): Promise<void> {
  panel.webview.options = webviewOptions(ctx);
  const state = parsePersistedState(raw);
  if (!state)
    return showUnavailable(
      panel,
      ctx,
      'This panel could not be restored. Open the method again from the gRPC Explorer view.',
    );
  let session: TargetSession | undefined;
  try {
    session = ctx.sessions.get(state.sessionId) ?? (await ctx.sessions.restore(state.sessionId));
  } catch (e) {
    ctx.log.warn(`restoring ${state.methodFullName}: ${(e as Error).message}`);
  }
  if (!session) {
    return showUnavailable(
      panel,
      ctx,
      `The target of ${state.methodFullName} is not connected. Connect to it (gRPC Explorer: Connect), then open the method again.`,
    );
  }
  const method = session.schema.services.flatMap((s) => s.methods).find((m) => m.fullName === state.methodFullName);
  if (!method)
    return showUnavailable(
      panel,
      ctx,
      `${session.label} no longer has ${state.methodFullName}. Open a method from the gRPC Explorer view.`,
    );
  if (open.has(keyOf(session.id, method.fullName))) return panel.dispose(); // already open in another tab
  track(new MethodPanel(panel, ctx, session, method, state), session.id);
}

/**
 * Registers the method panel: remembers the context for `openMethodPanel` and
 * restores panels after a window reload. Dispose to close every panel.
 * `extras.flowStreams` gives the lab the server's own stream counters for a session
 * whose server runs in this process (the bundled sample server); `extras.record`
 * keeps the panels' calls and runs in the History view; `extras.saveRequest` writes
 * a panel's request to a `.http` file.
 */
export function registerMethodPanels(
  ext: vscode.ExtensionContext,
  sessions: SessionRegistry,
  log: vscode.LogOutputChannel,
  extras: Pick<PanelContext, 'flowStreams' | 'record' | 'saveRequest'> = {},
): vscode.Disposable {
  const keptRuns = new KeptRuns(); // one per extension host: panels of the same target show the same runs
  const ctx: PanelContext = { extensionUri: ext.extensionUri, sessions, log, keptRuns, ...extras };
  context = ctx;
  const serializer = vscode.window.registerWebviewPanelSerializer(METHOD_VIEW_TYPE, {
    deserializeWebviewPanel: (panel, state) => restore(ctx, panel, state),
  });
  return new vscode.Disposable(() => {
    serializer.dispose();
    [...open.values()].forEach((p) => p.panel.dispose());
    if (context === ctx) context = undefined;
  });
}

/**
 * Opens the panel of `method` on `session`, or reveals it when it is already open. `initial` loads a
 * request (message, metadata, deadline, queued stream messages) instead of the type's template: an
 * open panel of the method is then replaced by one holding it, in the same place, unless its call
 * is still running (that panel is revealed and returned as it is). `secrets` are rows whose values
 * the webview may only see as references.
 */
export function openMethodPanel(
  session: TargetSession,
  method: MethodInfo,
  initial?: PersistedPanelState,
  secrets?: MetadataEntries,
): MethodPanel {
  if (!context) throw new Error('registerMethodPanels must run before openMethodPanel (in activate)');
  const existing = open.get(keyOf(session.id, method.fullName));
  if (existing && (!initial || existing.busy)) {
    existing.panel.reveal();
    return existing;
  }
  const column = existing?.panel.viewColumn ?? vscode.ViewColumn.Active;
  existing?.panel.dispose();
  const panel = vscode.window.createWebviewPanel(METHOD_VIEW_TYPE, panelTitle(method), column, webviewOptions(context));
  const opened = new MethodPanel(panel, context, session, method, initial, secrets);
  track(opened, session.id);
  return opened;
}
