/**
 * A call as a `.http` request: what the panel is about to send (or the
 * history kept) turned into a WritableRequest for write.ts. Secret metadata
 * values become `{{variables}}`, so the file never holds them in clear; paths
 * of certificates and protos are made relative to the file that gets them.
 */
import { isAbsolute, relative, sep } from 'node:path';
import type { ConnectionOptions } from '../connection-types';
import type { SchemaSource } from '../schema/types';
import { isSecretKey } from './history';
import type { RequestSettings } from './types';
import { formatDeadline, secretVariableName, type WritableRequest } from './write';

export interface CallToSave {
  readonly connection: ConnectionOptions;
  /** Where the panel's schema came from; reflection (or none) writes no schema setting. */
  readonly source?: SchemaSource;
  /** `package.Service/Method`. */
  readonly method: string;
  readonly metadata: ReadonlyArray<readonly [string, string]>;
  /** Keys the user marked secret, besides those that look like credentials (history.ts). */
  readonly secretKeys?: readonly string[];
  /** Each message's JSON text (several for client and bidi streams); `waitForServer` writes `=== wait-for-server` before it. */
  readonly messages: ReadonlyArray<{ readonly text: string; readonly waitForServer?: boolean }>;
  readonly deadlineMs?: number | null;
}

const VARIABLE = /^\{\{[^}]+\}\}$/;

export function requestFromCall(c: CallToSave): WritableRequest {
  const t = c.connection.transport;
  const secret = new Set((c.secretKeys ?? []).map((k) => k.trim().toLowerCase()));
  const settings: RequestSettings = {
    ...(t.kind === 'tls' ? { tls: true } : {}),
    ...(t.kind === 'tls' && t.caFile ? { caFile: t.caFile } : {}),
    ...(t.kind === 'tls' && t.certFile ? { certFile: t.certFile } : {}),
    ...(t.kind === 'tls' && t.keyFile ? { keyFile: t.keyFile } : {}),
    ...(t.kind === 'tls' && t.serverName ? { serverName: t.serverName } : {}),
    ...(t.kind === 'tls' && t.insecureSkipVerify ? { insecure: true } : {}),
    protoFiles: c.source?.kind === 'proto' ? [...c.source.files] : [],
    importPaths: c.source?.kind === 'proto' ? [...(c.source.importPaths ?? [])] : [],
    protosetFiles: c.source?.kind === 'protoset' ? [...c.source.files] : [],
    ...(c.deadlineMs ? { deadline: formatDeadline(c.deadlineMs) } : {}),
  };
  return {
    target: c.connection.address,
    method: c.method,
    settings,
    metadata: c.metadata.map(([k, v]): [string, string] =>
      !VARIABLE.test(v) && (secret.has(k.trim().toLowerCase()) || isSecretKey(k))
        ? [k, `{{${secretVariableName(k)}}}`]
        : [k, v],
    ),
    messages: c.messages.map((m) => ({ text: m.text, waitForServer: m.waitForServer ?? false })),
  };
}

/** `settings` with absolute paths made relative to `dir` (the request file's folder), as the parser resolves them. */
export function pathsRelativeTo(settings: RequestSettings, dir: string): RequestSettings {
  const rel = (p: string) => (isAbsolute(p) ? relative(dir, p).split(sep).join('/') || '.' : p);
  return {
    ...settings,
    ...(settings.caFile ? { caFile: rel(settings.caFile) } : {}),
    ...(settings.certFile ? { certFile: rel(settings.certFile) } : {}),
    ...(settings.keyFile ? { keyFile: rel(settings.keyFile) } : {}),
    protoFiles: settings.protoFiles.map(rel),
    importPaths: settings.importPaths.map(rel),
    protosetFiles: settings.protosetFiles.map(rel),
  };
}
