import type * as vscode from 'vscode';
import type { SavedHeader } from '../host/connect/targets';

/** A metadata header as the Connect steps produce it: value in clear in memory, secret flag for storage. */
export interface Header {
  readonly key: string;
  readonly value: string;
  readonly secret: boolean;
}

/**
 * Keeps the values of headers the user marked secret in SecretStorage (the OS keychain), keyed by
 * target id and header name. What goes to globalState and logs is only the header name.
 */
export class MetadataSecrets {
  constructor(private readonly store: vscode.SecretStorage) {}

  private key(targetId: string, header: string): string {
    return `grpcExplorer.metadata/${targetId}/${header}`;
  }

  /** Stores secret values and returns what may be remembered in clear. */
  async save(targetId: string, headers: readonly Header[]): Promise<SavedHeader[]> {
    const saved: SavedHeader[] = [];
    for (const h of headers) {
      if (h.secret) {
        await this.store.store(this.key(targetId, h.key), h.value);
        saved.push({ key: h.key, secret: true });
      } else saved.push({ key: h.key, value: h.value });
    }
    return saved;
  }

  /** Turns remembered headers back into headers with values; `missing` lists secrets not in storage. */
  async resolve(targetId: string, saved: readonly SavedHeader[]): Promise<{ headers: Header[]; missing: string[] }> {
    const headers: Header[] = [];
    const missing: string[] = [];
    for (const s of saved) {
      if (!s.secret) headers.push({ key: s.key, value: s.value ?? '', secret: false });
      else {
        const value = await this.store.get(this.key(targetId, s.key));
        if (value === undefined) missing.push(s.key);
        else headers.push({ key: s.key, value, secret: true });
      }
    }
    return { headers, missing };
  }

  /** Deletes the stored secrets of a target (when it is removed from the recent list). */
  async forget(targetId: string, saved: readonly SavedHeader[]): Promise<void> {
    for (const s of saved) if (s.secret) await this.store.delete(this.key(targetId, s.key));
  }
}
