/**
 * Writes gRPC requests in the `.http` form parse.ts reads, choosing the
 * spelling the tools most share: `grpcs://` in the request line for TLS (as
 * IntelliJ and Hello HTTP write it), plaintext without a scheme, and kulala's
 * request-level `# @grpc-…` settings for proto files and certificates.
 */
import { settingLines } from './settings';
import type { Assertion, BodyMessage, GrpcRequest } from './types';

/** What a request file needs to say about a request; parse(write(r)) gives it back. */
export type WritableRequest = Pick<GrpcRequest, 'name' | 'target' | 'method' | 'settings' | 'metadata'> & {
  readonly messages: ReadonlyArray<Pick<BodyMessage, 'text' | 'waitForServer' | 'waitReplies'>>;
  readonly assertions?: ReadonlyArray<Pick<Assertion, 'source'>>;
  /** `# …` lines written above the request (what the history could not keep, say); the parser skips them. */
  readonly comments?: readonly string[];
};

export function writeRequest(r: WritableRequest): string {
  const lines: string[] = (r.comments ?? []).map((c) => `# ${c}`);
  if (r.name) lines.push(`# @name ${r.name}`);
  lines.push(...settingLines(r.settings));
  lines.push(`GRPC ${r.settings.tls ? 'grpcs://' : ''}${r.target}/${r.method}`);
  for (const [k, v] of r.metadata) lines.push(`${k}: ${v}`);
  r.messages.forEach((m, i) => {
    const waits = m.waitForServer ? Array(m.waitReplies ?? 1).fill('=== wait-for-server') : [];
    if (i === 0) lines.push(['', ...waits].join('\n'));
    else lines.push(waits.length ? waits.join('\n') : '===');
    lines.push(m.text.trim());
  });
  for (const a of r.assertions ?? []) lines.push(`?? ${a.source}`);
  return lines.join('\n') + '\n';
}

/** `existing` with `request` added as a new `###` section (or the request alone for an empty file). */
export function appendRequest(existing: string, request: WritableRequest): string {
  const text = writeRequest(request);
  if (existing.trim() === '') return text;
  return `${existing.replace(/\s*$/, '')}\n\n###\n\n${text}`;
}

/**
 * Metadata with the values of secret keys replaced by a `{{variable}}` named
 * after the key, so a saved file never holds a secret in clear: the variable
 * resolves from the private environment file, SecretStorage or the process environment.
 */
export function redactSecrets(
  metadata: ReadonlyArray<readonly [string, string]>,
  isSecret: (key: string) => boolean,
): [string, string][] {
  return metadata.map(([k, v]) => [k, isSecret(k) ? `{{${secretVariableName(k)}}}` : v]);
}

/** `authorization` → `authorization`, `x-api-key` → `x_api_key`: a name every tool accepts. */
export function secretVariableName(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9_]/g, '_');
}

/** `5000` → `5s`, `1500` → `1500ms`: the deadline as `# @grpc-deadline` writes it. */
export function formatDeadline(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
