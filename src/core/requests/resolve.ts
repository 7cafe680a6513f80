/**
 * Turns a parsed request into what a call needs: variables substituted,
 * relative paths resolved from the request file's directory, TLS and schema
 * source chosen. Throws a RequestError naming the line for anything that
 * keeps the request from being sent.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { ConnectionOptions, Transport } from '../connection-types';
import type { SchemaSource } from '../schema/types';
import { parseDeadline } from './deadline';
import type { GrpcRequest } from './types';
import { substitute, VariableError, type VariableSources } from './variables';

/** A request that cannot be sent, with the 0-based line at fault. */
export class RequestError extends Error {
  override readonly name = 'RequestError';
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

export interface ResolvedRequest {
  readonly connection: ConnectionOptions;
  readonly schema: SchemaSource;
  readonly method: string;
  readonly metadata: [string, string][];
  readonly messages: { readonly text: string; readonly line: number; readonly waitForServer: boolean }[];
  readonly deadlineMs?: number;
}

export function resolveRequest(req: GrpcRequest, vars: VariableSources, baseDir: string): ResolvedRequest {
  if (req.errors.length) throw new RequestError(req.errors[0]!.line, req.errors[0]!.message);
  const sub = (text: string, line: number) => {
    try {
      return substitute(text, vars);
    } catch (e) {
      if (e instanceof VariableError) throw new RequestError(line, e.message);
      throw e;
    }
  };
  const s = req.settings;
  const path = (p: string) => {
    const text = sub(p, req.line);
    return isAbsolute(text) ? text : join(baseDir, text);
  };
  const address = sub(req.target, req.line);
  if (!/:\d+$|^(unix|dns|ipv4|ipv6):/.test(address)) {
    throw new RequestError(
      req.line,
      `target "${address}" has no port: write host:port, e.g. GRPC localhost:50051/${req.method}`,
    );
  }
  const transport: Transport = s.tls
    ? {
        kind: 'tls',
        ...(s.caFile ? { caFile: path(s.caFile) } : {}),
        ...(s.certFile ? { certFile: path(s.certFile) } : {}),
        ...(s.keyFile ? { keyFile: path(s.keyFile) } : {}),
        ...(s.serverName ? { serverName: sub(s.serverName, req.line) } : {}),
        ...(s.insecure ? { insecureSkipVerify: true } : {}),
      }
    : { kind: 'plaintext' };
  const metadata = req.metadata.map(([k, v]): [string, string] => [sub(k, req.line), sub(v, req.line)]);
  let deadlineMs: number | undefined;
  if (s.deadline) {
    deadlineMs = parseDeadline(sub(s.deadline, req.line));
    if (deadlineMs === undefined)
      throw new RequestError(req.line, `@grpc-deadline ${s.deadline}: expected a duration such as 5s, 500ms or 1m`);
  }
  return {
    connection: { address, transport },
    schema: schemaSource(req, path, metadata),
    method: sub(req.method, req.line),
    metadata,
    messages: req.messages.map((m) => ({ text: sub(m.text, m.line), line: m.line, waitForServer: m.waitForServer })),
    ...(deadlineMs !== undefined ? { deadlineMs } : {}),
  };
}

/**
 * Proto files named relative to the request file when they exist there, else
 * as written (found through the import paths); reflection without any.
 */
function schemaSource(req: GrpcRequest, path: (p: string) => string, metadata: [string, string][]): SchemaSource {
  const s = req.settings;
  if (s.protoFiles.length && s.protosetFiles.length)
    throw new RequestError(req.line, 'use @grpc-proto or @grpc-protoset, not both');
  if (s.protosetFiles.length) return { kind: 'protoset', files: s.protosetFiles.map(path) };
  if (s.protoFiles.length) {
    const files = s.protoFiles.map((p) => (existsSync(path(p)) ? path(p) : p));
    return { kind: 'proto', files, importPaths: s.importPaths.map(path) };
  }
  return { kind: 'reflection', ...(metadata.length ? { metadata } : {}) };
}
