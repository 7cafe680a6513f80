/**
 * Discovery by server reflection: negotiate the version (v1 first, v1alpha on
 * UNIMPLEMENTED, remembered per target), list services, fetch every service's
 * file and, round by round, the files they import, then build one Root.
 * Handles both descriptor styles: `@grpc/reflection`'s regrouped files (every
 * dependency in each answer, no dependency names) and protoc-built servers'
 * (one file per answer, dependencies fetched by name).
 */
import type * as protobuf from 'protobufjs';
import { Status } from '../errors';
import { statusOf } from '../explain';
import { decodeFile, missingDependencies, rootFromFiles, type FileProto } from './descriptors';
import { ask } from './reflection-stream';
import type { ReflectionClient } from './reflection-client';
import type { ReflectionResponse } from './reflection-proto';
import { HIDDEN_SERVICES } from './schema';
import type { ReflectionVersion } from './types';

/** What reflection found. */
export interface Reflected {
  root: protobuf.Root;
  version: ReflectionVersion;
  warnings: string[];
}

/** Versions to try, in order: the one asked for, else the remembered one first. */
export function versionOrder(wanted: 'auto' | ReflectionVersion, remembered?: ReflectionVersion): ReflectionVersion[] {
  if (wanted !== 'auto') return [wanted];
  return remembered === 'v1alpha' ? ['v1alpha', 'v1'] : ['v1', 'v1alpha'];
}

/** Lists services at the first version the server implements. UNIMPLEMENTED moves on; other errors stop. */
async function negotiate(rc: ReflectionClient, order: ReflectionVersion[]): Promise<{ version: ReflectionVersion; services: string[] }> {
  let lastError: unknown;
  for (const version of order) {
    try {
      return { version, services: await rc.listServices(version) };
    } catch (e) {
      if (statusOf(e).code !== Status.UNIMPLEMENTED) throw e;
      lastError = e;
    }
  }
  throw lastError;
}

const errorText = (r: ReflectionResponse | undefined) =>
  r?.errorResponse ? `${r.errorResponse.errorMessage ?? ''} (code ${r.errorResponse.errorCode ?? '?'})` : 'no descriptor';

/** Adds every file of an answer, first copy of a name wins; false when the answer carries none. */
function addFiles(files: Map<string, FileProto>, r: ReflectionResponse | undefined): boolean {
  const protos = r?.fileDescriptorResponse?.fileDescriptorProto ?? [];
  for (const bytes of protos) {
    const f = decodeFile(bytes);
    if (!files.has(f.name)) files.set(f.name, f);
  }
  return protos.length > 0;
}

/** Fetches each service's file, then imports by name until nothing is missing or nothing more can be had. */
async function fetchFiles(rc: ReflectionClient, version: ReflectionVersion, services: string[], warnings: string[]) {
  const files = new Map<string, FileProto>();
  const s = rc.stream(version);
  const answers = await ask(s, services.map((name) => ({ fileContainingSymbol: name })));
  services.forEach((name, i) => {
    if (!addFiles(files, answers[i])) warnings.push(`left out ${name}: the server gave no descriptor for it: ${errorText(answers[i])}`);
  });
  // Files the server would not give: rootFromFiles fills in well-known types and
  // names the others only if a type needs them (option-only imports are common).
  const unavailable = new Set<string>();
  for (;;) {
    const wanted = [...new Set(missingDependencies(files).map(([dep]) => dep))].filter((d) => !unavailable.has(d));
    if (wanted.length === 0) return files;
    const got = await ask(s, wanted.map((name) => ({ fileByFilename: name })));
    wanted.forEach((name, i) => {
      if (!addFiles(files, got[i])) unavailable.add(name);
    });
  }
}

/** Runs discovery on an open ReflectionClient. Errors are raw (grpc-js or GrpcError); the caller explains them. */
export async function reflect(rc: ReflectionClient, order: ReflectionVersion[]): Promise<Reflected> {
  const { version, services } = await negotiate(rc, order);
  const warnings: string[] = [];
  const wanted = services.filter((s) => !HIDDEN_SERVICES.has(s));
  const files = await fetchFiles(rc, version, wanted, warnings);
  const root = rootFromFiles(files.values(), `reflection on ${rc.conn.address}`);
  return { root, version, warnings };
}
