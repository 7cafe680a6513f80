/**
 * `loadSchema`: the one entry point for schemas, from server reflection,
 * .proto files or protosets. Reflection results are cached per target
 * (address + transport + metadata), so a second discovery is instant unless
 * refreshed; concurrent discoveries of one target share one set of requests.
 */
import type { ConnectionOptions } from '../connection-types';
import { GrpcError, Status, codeName } from '../errors';
import { explainError, FLAG_HINTS, statusOf } from '../explain';
import { loadProtoFiles, loadProtosets } from './files';
import { closeReflectionChannels, ReflectionClient } from './reflection-client';
import { reflect, versionOrder } from './reflection';
import { SchemaLoadError } from './schema-error';
import { schemaFromRoot } from './schema';
import type { ReflectionVersion, Schema, SchemaSource } from './types';

export { SchemaLoadError };

/** Default deadline of each reflection request. */
export const DEFAULT_REFLECTION_DEADLINE_MS = 10_000;

type ReflectionSource = Extract<SchemaSource, { kind: 'reflection' }>;

const schemas = new Map<string, Promise<Schema>>();
/** The version each target answered, so later discoveries do not try v1 again on a v1alpha-only server. */
const versions = new Map<string, ReflectionVersion>();

const targetKey = (conn: ConnectionOptions) => JSON.stringify([conn.address, conn.transport]);
const cacheKey = (conn: ConnectionOptions, src: ReflectionSource) =>
  JSON.stringify([conn.address, conn.transport, src.metadata ?? [], src.version ?? 'auto']);

/**
 * The schema of a target. Reflection errors are GrpcErrors with the server's
 * status code and a message naming the address and what to try; file errors
 * are SchemaLoadErrors.
 */
export async function loadSchema(
  conn: ConnectionOptions,
  source: SchemaSource,
  opts: { refresh?: boolean; signal?: AbortSignal } = {},
): Promise<Schema> {
  if (source.kind === 'proto') return schemaFromRoot(await loadProtoFiles(source.files, source.importPaths), 'proto');
  if (source.kind === 'protoset') return schemaFromRoot(loadProtosets(source.files), 'protoset');
  const key = cacheKey(conn, source);
  const cached = opts.refresh ? undefined : schemas.get(key);
  if (cached) return cached;
  const pending = discover(conn, source, opts.signal);
  schemas.set(key, pending);
  // A failed discovery is not remembered: the next attempt asks the server again.
  pending.catch(() => {
    if (schemas.get(key) === pending) schemas.delete(key);
  });
  return pending;
}

async function discover(conn: ConnectionOptions, source: ReflectionSource, signal?: AbortSignal): Promise<Schema> {
  const deadlineMs = source.deadlineMs ?? DEFAULT_REFLECTION_DEADLINE_MS;
  const rc = new ReflectionClient(conn, source.metadata, deadlineMs, signal);
  try {
    const found = await reflect(rc, versionOrder(source.version ?? 'auto', versions.get(targetKey(conn))));
    versions.set(targetKey(conn), found.version);
    return schemaFromRoot(found.root, `reflection-${found.version}`, found.warnings);
  } catch (e) {
    throw reflectionError(e, conn, source, deadlineMs);
  } finally {
    rc.close();
  }
}

/** Reflection's own wording for the failures only reflection has; the rest as any call's. */
function reflectionError(err: unknown, conn: ConnectionOptions, source: ReflectionSource, deadlineMs: number): Error {
  if (err instanceof SchemaLoadError) return err;
  const { code, details, trailers } = statusOf(err);
  const noReflection = `use ${FLAG_HINTS.proto} FILE or ${FLAG_HINTS.protoset} FILE`;
  const say = (text: string) => new GrpcError(code, `${conn.address}: ${text}`, details, trailers);
  switch (code) {
    case Status.UNIMPLEMENTED:
      return source.version && source.version !== 'auto'
        ? say(`server does not support reflection ${source.version} (UNIMPLEMENTED): try --reflection auto, or ${noReflection}`)
        : say(`server does not support reflection (UNIMPLEMENTED): ${noReflection}`);
    case Status.DEADLINE_EXCEEDED:
      return say(`reflection timed out after ${formatSeconds(deadlineMs)} (DEADLINE_EXCEEDED): the server did not answer; ${noReflection}`);
    case Status.CANCELLED:
      return say(`reflection cancelled (${codeName(code)})`);
    default:
      return explainError(err, conn, 'reflection');
  }
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/** Forgets cached schemas (and the versions targets answered): of one target, or of all. */
export function clearSchemaCache(conn?: ConnectionOptions): void {
  if (!conn) {
    schemas.clear();
    versions.clear();
    return;
  }
  const prefix = JSON.stringify([conn.address, conn.transport]).slice(0, -1);
  for (const key of [...schemas.keys()]) if (key.startsWith(prefix)) schemas.delete(key);
  versions.delete(targetKey(conn));
}

/** Clears every cache and closes every reflection channel still open (Disconnect all, test teardown). */
export function closeAll(): void {
  clearSchemaCache();
  closeReflectionChannels();
}
