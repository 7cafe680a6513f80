// Pure parsing of the "key: value" metadata the user types in the Connect steps. No 'vscode' import.

/** `key: value` → [lower-cased key, value], like core/metadata's parseHeader (not imported: it loads grpc-js). */
function parseHeader(text: string): [string, string] | undefined {
  const i = text.indexOf(':');
  return i <= 0 ? undefined : [text.slice(0, i).trim().toLowerCase(), text.slice(i + 1).trim()];
}

export type ParsedMetadata = { entries: [string, string][] } | { error: string };

/** Header keys grpc allows: lowercase letters, digits, `-`, `_`, `.`. */
const KEY = /^[0-9a-z_.-]+$/;
/** Keys whose values are usually credentials: offered as secret by default. */
const SECRET_HINT = /(authorization|token|secret|password|passwd|api-?key|cookie|credential|session)/i;

/**
 * Parses `key: value` pairs separated by commas or new lines (`authorization: Bearer x, x-tenant: a`).
 * Empty text is no metadata. Errors name the pair and what to write instead.
 */
export function parseMetadataInput(text: string): ParsedMetadata {
  const entries: [string, string][] = [];
  for (const part of text.split(/[,\n]/)) {
    if (!part.trim()) continue;
    const kv = parseHeader(part);
    if (!kv) return { error: `"${part.trim()}" needs a colon: write key: value` };
    const [key, value] = kv;
    if (!KEY.test(key)) return { error: `"${key}" is not a valid header name (letters, digits, - _ . only)` };
    if (key.startsWith('grpc-') || key.startsWith(':')) return { error: `"${key}" is reserved by gRPC; pick another name` };
    if (key.endsWith('-bin') && !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) return { error: `"${key}" ends in -bin, so its value must be base64` };
    entries.push([key, value]);
  }
  return { entries };
}

/** Whether a key looks like it carries a credential (pre-selected as secret). */
export function looksSecret(key: string): boolean {
  return SECRET_HINT.test(key);
}

/** Shows metadata for logs and labels with secret values masked. */
export function maskMetadata(entries: ReadonlyArray<readonly [string, string]>, secretKeys: ReadonlySet<string>): string {
  return entries.map(([k, v]) => `${k}: ${secretKeys.has(k) ? '••••' : v}`).join(', ');
}
