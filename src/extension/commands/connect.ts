import * as vscode from 'vscode';
import { ACTION_LABELS, actionsFor, inExtensionTerms, transportAfter, type ConnectAction, type FailedDiscovery } from '../../host/connect/connect-errors';
import { askAddress, askMetadata, askMissingSecrets, pickPem, pickTarget, pickTransport } from '../connect/steps';
import { loadHeavy } from '../lazy';
import type { ConnectRequest, ShellSession } from '../sessions';
import type { Shell } from '../shell';
import type { SavedTarget } from '../../host/connect/targets';

/** gRPC: Connect — pick or type a target, choose transport and metadata, discover with progress. */
export async function connectCommand(shell: Shell): Promise<ShellSession | undefined> {
  const picked = await pickTarget(shell.recents, async (t) => {
    await shell.recents.forget(t.id);
    await shell.secrets.forget(t.id, t.metadata);
  });
  if (!picked) return undefined;
  if ('saved' in picked) return connectSaved(shell, picked.saved);
  const transport = await pickTransport(picked.address, picked.hint);
  if (!transport) return undefined;
  const headers = await askMetadata(picked.address);
  if (!headers) return undefined;
  return connectWithUi(shell, { address: picked.address, transport, headers });
}

/** Reconnects a remembered target with its transport, source and metadata (secrets from the keychain). */
export async function connectSaved(shell: Shell, saved: SavedTarget): Promise<ShellSession | undefined> {
  const { headers, missing } = await shell.secrets.resolve(saved.id, saved.metadata);
  if (missing.length) {
    const more = await askMissingSecrets(saved.address, missing);
    if (!more) return undefined;
    headers.push(...more);
  }
  return connectWithUi(shell, { address: saved.address, transport: saved.transport, source: saved.source, headers });
}

/** Connects under a cancellable progress notification; a failure offers the next steps as buttons. */
export async function connectWithUi(shell: Shell, req: ConnectRequest, refresh = false): Promise<ShellSession | undefined> {
  let cancelled = false;
  try {
    const session = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `gRPC: discovering services on ${req.address}…`, cancellable: true },
      (_progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => {
          cancelled = true;
          abort.abort();
        });
        return shell.sessions.connect(req, { signal: abort.signal, refresh });
      },
    );
    void vscode.commands.executeCommand('grpcExplorer.targets.focus');
    return session;
  } catch (e) {
    if (cancelled) {
      shell.log.info(`connecting to ${req.address} cancelled`);
      return undefined;
    }
    return onFailure(shell, req, e as FailedDiscovery);
  }
}

async function onFailure(shell: Shell, req: ConnectRequest, err: FailedDiscovery): Promise<ShellSession | undefined> {
  const { codeName } = loadHeavy(); // loaded already: the connect attempt used it
  const code = typeof err.code === 'number' ? `${codeName(err.code)}: ` : '';
  // The log speaks the notification's language (its buttons), not the command line's flags.
  const message = inExtensionTerms(err.message);
  shell.log.error(`connecting to ${req.address} failed: ${code}${message}${err.details && err.details !== err.message ? ` (server said: ${err.details})` : ''}`);
  const text = message.includes(req.address) ? message : `cannot connect to ${req.address}: ${message}`;
  const actions = actionsFor(err, req.transport).slice(0, 3);
  const choice = await vscode.window.showErrorMessage(`gRPC: ${text}`, ...actions.map((a) => ACTION_LABELS[a]), 'Show Log');
  if (choice === 'Show Log') shell.log.show(true);
  const action = actions.find((a) => ACTION_LABELS[a] === choice);
  return action ? runAction(shell, req, action) : undefined;
}

async function runAction(shell: Shell, req: ConnectRequest, action: ConnectAction): Promise<ShellSession | undefined> {
  const transport = transportAfter(action, req.transport);
  if (transport) return connectWithUi(shell, { ...req, transport });
  switch (action) {
    case 'retry':
      return connectWithUi(shell, req);
    case 'load-protos':
      // Through the command, not an import: load-protos imports this module.
      return vscode.commands.executeCommand<ShellSession | undefined>('grpcExplorer.loadProtos', req);
    case 'choose-ca': {
      const caFile = await pickPem('CA certificate (PEM) that signed the server certificate');
      const base = req.transport.kind === 'tls' ? req.transport : {};
      return caFile ? connectWithUi(shell, { ...req, transport: { ...base, kind: 'tls', caFile, insecureSkipVerify: false } }) : undefined;
    }
    case 'set-server-name': {
      const serverName = await vscode.window.showInputBox({ title: 'Server name to verify the certificate against (and send as :authority)', placeHolder: 'api.example.com' });
      const base = req.transport.kind === 'tls' ? req.transport : {};
      return serverName ? connectWithUi(shell, { ...req, transport: { ...base, kind: 'tls', serverName } }) : undefined;
    }
    case 'add-metadata': {
      const headers = await askMetadata(req.address, req.headers.filter((h) => !h.secret).map((h) => `${h.key}: ${h.value}`).join(', '));
      return headers ? connectWithUi(shell, { ...req, headers }) : undefined;
    }
    case 'edit-address': {
      const picked = await askAddress(req.address);
      return picked && 'address' in picked ? connectWithUi(shell, { ...req, address: picked.address }) : undefined;
    }
    default:
      return undefined;
  }
}
