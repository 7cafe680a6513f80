// The Connect steps: which target, which transport, which metadata. Each returns undefined when the
// user cancels (Escape), and the caller stops there.
import * as vscode from 'vscode';
import type { Transport } from '../../core/connection-types';
import { looksSecret, parseMetadataInput } from '../../host/connect/metadata-input';
import type { RecentTargets } from '../recents';
import type { Header } from '../secrets';
import { parseTarget, transportLabel, type SavedTarget } from '../../host/connect/targets';

type TargetPick = vscode.QuickPickItem & { saved?: SavedTarget; typed?: string; isNew?: boolean };

/** The first step's outcome: a remembered target (connect at once) or an address to go on with. */
export type PickedTarget = { saved: SavedTarget } | { address: string; hint?: Transport['kind'] };

const forgetButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('trash'), tooltip: 'Remove from recent targets' };

/** Quick pick of recent targets; typing an address offers "Connect to <address>". */
export function pickTarget(recents: RecentTargets, onForget: (t: SavedTarget) => Promise<void>): Promise<PickedTarget | undefined> {
  const qp = vscode.window.createQuickPick<TargetPick>();
  qp.title = 'gRPC: Connect';
  qp.placeholder = 'Type host:port, or pick a recent target';
  const newItem: TargetPick = { label: '$(add) New address…', alwaysShow: true, isNew: true };
  const recentItems = (): TargetPick[] =>
    recents.list().map((saved) => ({
      label: saved.address,
      description: transportLabel(saved.transport) + (saved.source && saved.source.kind !== 'reflection' ? ', .proto files' : ''),
      detail: saved.metadata.length ? `metadata: ${saved.metadata.map((m) => m.key).join(', ')}` : undefined,
      buttons: [forgetButton],
      saved,
    }));
  const render = () => {
    const typed = qp.value.trim();
    const parsed = typed ? parseTarget(typed) : undefined;
    const typedItem: TargetPick[] = parsed && 'address' in parsed && !recents.list().some((r) => r.address === parsed.address)
      ? [{ label: `$(plug) Connect to ${parsed.address}`, alwaysShow: true, typed }]
      : [];
    qp.items = [...typedItem, ...recentItems(), newItem];
  };
  render();
  return new Promise((resolve) => {
    let done = false;
    const finish = (v: PickedTarget | undefined) => { if (!done) { done = true; resolve(v); qp.dispose(); } };
    qp.onDidChangeValue(render);
    qp.onDidTriggerItemButton(async (e) => {
      if (e.item.saved) await onForget(e.item.saved);
      render();
    });
    qp.onDidAccept(async () => {
      const item = qp.selectedItems[0];
      if (item?.saved) return finish({ saved: item.saved });
      const text = item?.typed ?? qp.value.trim();
      const parsed = text ? parseTarget(text) : undefined;
      if (parsed && 'address' in parsed) return finish({ address: parsed.address, hint: parsed.transport });
      qp.hide();
      const address = await askAddress(text);
      finish(address);
    });
    qp.onDidHide(() => finish(undefined));
    qp.show();
  });
}

/** Input box for an address, validated as the user types. */
export async function askAddress(value = ''): Promise<PickedTarget | undefined> {
  const text = await vscode.window.showInputBox({
    title: 'gRPC: Connect — server address',
    prompt: 'host:port of the gRPC server',
    placeHolder: 'localhost:50051',
    value,
    validateInput: (v) => {
      const p = parseTarget(v);
      return 'error' in p ? p.error : undefined;
    },
  });
  if (text === undefined) return undefined;
  const p = parseTarget(text);
  return 'address' in p ? { address: p.address, hint: p.transport } : undefined;
}

type TransportPick = vscode.QuickPickItem & { id: 'plaintext' | 'tls' | 'ca' | 'mtls' | 'insecure' };

/** Transport step: plaintext, TLS with system roots, custom CA, mTLS, or TLS without verification. */
export async function pickTransport(address: string, hint?: Transport['kind']): Promise<Transport | undefined> {
  const items: TransportPick[] = [
    { id: 'plaintext', label: '$(unlock) Plaintext', description: 'no TLS: local and development servers' },
    { id: 'tls', label: '$(lock) TLS', description: 'verified with the system trust store' },
    { id: 'ca', label: '$(lock) TLS with a custom CA…', description: 'pick the CA certificate (PEM)' },
    { id: 'mtls', label: '$(key) Mutual TLS…', description: 'pick a client certificate and key (PEM)' },
    { id: 'insecure', label: '$(warning) TLS without verification', description: 'dev only: accepts any certificate' },
  ];
  const local = /^(localhost|127\.|\[::1\]|unix:)/.test(address);
  const preferTls = hint ? hint === 'tls' : !local;
  if (preferTls) items.unshift(items.splice(1, 1)[0] as TransportPick);
  const pick = await vscode.window.showQuickPick(items, { title: `gRPC: Connect — transport for ${address}`, placeHolder: 'How to reach the server' });
  if (!pick) return undefined;
  if (pick.id === 'plaintext') return { kind: 'plaintext' };
  if (pick.id === 'tls') return { kind: 'tls' };
  if (pick.id === 'insecure') return { kind: 'tls', insecureSkipVerify: true };
  const caFile = await pickPem('CA certificate (PEM) that signed the server certificate', pick.id === 'mtls');
  if (caFile === undefined) return undefined;
  if (pick.id === 'ca') return caFile ? { kind: 'tls', caFile } : undefined;
  const certFile = await pickPem('Client certificate (PEM)');
  const keyFile = certFile && (await pickPem('Client private key (PEM)'));
  if (!certFile || !keyFile) return undefined;
  return { kind: 'tls', certFile, keyFile, ...(caFile ? { caFile } : {}) };
}

/** Open dialog for one PEM file. With `optional`, cancelling means "none" ('') rather than abort. */
export async function pickPem(title: string, optional = false): Promise<string | undefined> {
  const uris = await vscode.window.showOpenDialog({
    title: optional ? `${title} — cancel to use the system trust store` : title,
    canSelectMany: false,
    openLabel: 'Use this file',
    filters: { 'PEM files': ['pem', 'crt', 'cer', 'key'], 'All files': ['*'] },
  });
  if (!uris?.[0]) return optional ? '' : undefined;
  return uris[0].fsPath;
}

/** Metadata step: `key: value` pairs for reflection, then which of them to keep secret. */
export async function askMetadata(address: string, initial = ''): Promise<Header[] | undefined> {
  const text = await vscode.window.showInputBox({
    title: `gRPC: Connect — metadata for ${address} (optional)`,
    prompt: 'Headers sent with reflection and pre-filled in requests: key: value, separated by commas. Leave empty for none.',
    placeHolder: 'authorization: Bearer …, x-tenant: acme',
    value: initial,
    validateInput: (v) => {
      const p = parseMetadataInput(v);
      return 'error' in p ? p.error : undefined;
    },
  });
  if (text === undefined) return undefined;
  const parsed = parseMetadataInput(text);
  if ('error' in parsed || parsed.entries.length === 0) return [];
  const picks = await vscode.window.showQuickPick(
    parsed.entries.map(([key]) => ({ label: key, picked: looksSecret(key) })),
    { title: 'Keep which values secret?', placeHolder: 'Secret values go to the OS keychain (SecretStorage), never to settings or logs', canPickMany: true },
  );
  if (!picks) return undefined;
  const secret = new Set(picks.map((p) => p.label));
  return parsed.entries.map(([key, value]) => ({ key, value, secret: secret.has(key) }));
}

/** Asks again for secret values not stored on this machine (e.g. after Settings Sync). */
export async function askMissingSecrets(address: string, keys: readonly string[]): Promise<Header[] | undefined> {
  const out: Header[] = [];
  for (const key of keys) {
    const value = await vscode.window.showInputBox({ title: `gRPC: ${address} — value of "${key}"`, prompt: 'Stored in the OS keychain', password: true });
    if (value === undefined) return undefined;
    out.push({ key, value, secret: true });
  }
  return out;
}
