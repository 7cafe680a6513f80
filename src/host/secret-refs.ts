/**
 * Secret metadata values never enter the webview: the panel's rows hold a
 * reference (`${secret:authorization}`) in their place, so the webview's
 * persisted state, its exports and the run history only ever see the
 * reference. The host puts the value back when a call, run or lab starts.
 * Pure: the secret values come from the target session (SecretStorage
 * behind it), the keys from the Connect step that marked them secret.
 */
import type { MetadataEntries } from '../core/metadata';

type Rows = [key: string, value: string][];

/** The reference the webview shows and sends for secret header `key`. */
export function secretRef(key: string): string {
  return `\${secret:${key}}`;
}

const REF = /^\$\{secret:([^}]+)\}$/;
const isSecret = (key: string, secretKeys: readonly string[]) =>
  secretKeys.some((s) => s.toLowerCase() === key.trim().toLowerCase());

/** Rows for the webview: each secret header's value replaced by its reference. */
export function maskSecrets(rows: MetadataEntries, secretKeys: readonly string[]): Rows {
  return rows.map(([k, v]): [string, string] => [k, isSecret(k, secretKeys) ? secretRef(k.trim()) : v]);
}

/**
 * Rows to keep (kept runs, their exports): a secret header's value, and any
 * other row that holds one of the secret values (a reference resolved under
 * another key), become references. `known` lists rows that hold the secret
 * values in clear (the target's metadata), so values are found by equality.
 */
export function maskSecretValues(rows: MetadataEntries, secretKeys: readonly string[], known: MetadataEntries = []): Rows {
  const values = new Map<string, string>();
  for (const [k, v] of [...known, ...rows]) if (isSecret(k, secretKeys) && v !== '' && !REF.test(v)) values.set(v, k.trim());
  return rows.map(([k, v]): [string, string] => {
    if (isSecret(k, secretKeys)) return [k, secretRef(k.trim())];
    const owner = values.get(v);
    return [k, owner === undefined ? v : secretRef(owner)];
  });
}

/** Keys of the rows whose value is a secret reference (a kept run's exports write them as `$ENV`). */
export function referencedKeys(rows: MetadataEntries | undefined): string[] {
  return (rows ?? []).filter(([, v]) => REF.test(v)).map(([k]) => k.trim());
}

/**
 * Rows from the webview with each reference replaced by the target's secret
 * value. A reference to a secret the target does not hold stays as typed
 * (the server then sees the reference, not another header's value).
 */
export function resolveSecrets(rows: MetadataEntries, target: MetadataEntries, secretKeys: readonly string[]): Rows {
  return rows.map(([k, v]): [string, string] => {
    const name = REF.exec(v)?.[1];
    if (name === undefined || !isSecret(name, secretKeys)) return [k, v];
    const found = target.find(([tk]) => tk.trim().toLowerCase() === name.toLowerCase());
    return [k, found ? found[1] : v];
  });
}

/**
 * Keys of rows that still hold a reference after resolving: a secret this panel no longer holds
 * (a panel opened from a request file keeps its SecretStorage values in memory only, so after a
 * window reload only the reference is left). Sending the reference itself would mislead the server.
 */
export function unresolvedRefs(rows: MetadataEntries): string[] {
  return rows.filter(([, v]) => REF.test(v)).map(([k]) => k.trim());
}

/** A webview message with its metadata rows resolved (messages without rows pass unchanged). */
export function withSecretsResolved<M>(m: M, target: MetadataEntries, secretKeys: readonly string[]): M {
  const rows = (m as { metadata?: unknown }).metadata;
  if (!Array.isArray(rows) || secretKeys.length === 0) return m;
  return { ...m, metadata: resolveSecrets(rows as MetadataEntries, target, secretKeys) };
}

/**
 * Rows for a request file: each reference becomes the `{{variable}}` named after its secret's key
 * (`${secret:authorization}` → `{{authorization}}`), which the private environment file,
 * SecretStorage or the process environment resolves; the value itself is never looked up.
 */
export function refsAsVariables(rows: MetadataEntries, variableName: (key: string) => string): Rows {
  return rows.map(([k, v]): [string, string] => {
    const name = REF.exec(v)?.[1];
    return [k, name === undefined ? v : `{{${variableName(name)}}}`];
  });
}
