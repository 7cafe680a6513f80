/**
 * Turns a parsed request into what a call needs: variables substituted,
 * relative paths resolved from the request file's directory, TLS and schema
 * source chosen. Throws a RequestError naming the line for anything that
 * keeps the request from being sent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { ConnectionOptions, Transport } from '../connection-types';
import type { SchemaSource } from '../schema/types';
import { parseDeadline } from './deadline';
import type { GrpcRequest } from './types';
import { substitute, VariableError, type VariableSources } from './variables';

/**
 * A request that cannot be sent, with the 0-based line at fault; `code` is the gRPC status the
 * refusal stands for when there is one (a message over the send limit is RESOURCE_EXHAUSTED, as
 * grpc-js would have said had it been sent).
 */
export class RequestError extends Error {
  override readonly name = 'RequestError';
  constructor(
    readonly line: number,
    message: string,
    readonly code?: number,
  ) {
    super(message);
  }
}

export interface ResolvedRequest {
  readonly connection: ConnectionOptions;
  readonly schema: SchemaSource;
  readonly method: string;
  readonly metadata: [string, string][];
  readonly messages: {
    readonly text: string;
    readonly line: number;
    readonly waitForServer: boolean;
    readonly waitReplies?: number;
  }[];
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
  let address = sub(req.target, req.line);
  // A scheme that came from a variable (`@host = grpcs://api:443`, httpyac's `GRPC /pkg.Svc/M`).
  const scheme = /^(grpcs?|https?):\/\//i.exec(address);
  let tls = s.tls;
  if (scheme) {
    address = address.slice(scheme[0].length);
    tls = /s$/i.test(scheme[1]!);
  }
  if (!/:\d+$|^(unix|dns|ipv4|ipv6):/.test(address)) {
    throw new RequestError(
      req.line,
      `target "${address}" has no port: write host:port, e.g. GRPC localhost:50051/${req.method}`,
    );
  }
  const transport: Transport = tls
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
    messages: req.messages.map((m) => ({
      text: messageText(m.text, m.line, sub, baseDir),
      line: m.line,
      waitForServer: m.waitForServer,
      ...(m.waitReplies ? { waitReplies: m.waitReplies } : {}),
    })),
    ...(deadlineMs !== undefined ? { deadlineMs } : {}),
  };
}

/**
 * A message's JSON, or the file it names: `< ./file.json` as written (no variables), `<@ ./file.json`
 * with its variables substituted, as IntelliJ (https://www.jetbrains.com/help/idea/exploring-http-syntax.html)
 * and httpyac read them; the path is relative to the request file.
 */
function messageText(text: string, line: number, sub: (t: string, line: number) => string, baseDir: string): string {
  const file = /^<(@?)\s+(\S.*)$/.exec(text);
  if (!file || text.includes('\n')) return sub(text, line);
  const name = sub(file[2]!.trim(), line);
  const path = isAbsolute(name) ? name : join(baseDir, name);
  let content: string;
  try {
    content = readFileSync(path, 'utf8');
  } catch (e) {
    throw new RequestError(
      line,
      `cannot read the message file ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
  return file[1] ? sub(content, line) : content;
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
