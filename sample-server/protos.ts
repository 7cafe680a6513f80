import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

/** Package of every sample service and message. */
export const SAMPLE_PACKAGE = 'explorer.sample.v1';

/** The sample's proto files, relative to PROTO_ROOT (pass PROTO_ROOT as the import path). */
export const SAMPLE_PROTO_FILES: readonly string[] = [
  'explorer/sample/v1/counter.proto',
  'explorer/sample/v1/streams.proto',
  'explorer/sample/v1/books.proto',
  'explorer/sample/v1/flow.proto',
  'explorer/sample/v1/faults.proto',
  'explorer/sample/v1/types.proto',
];

/** Fully qualified names of the sample services, in the order the server registers them. */
export const SAMPLE_SERVICES: readonly string[] = ['Counter', 'Streams', 'Books', 'FlowControl', 'Faults', 'Types'].map(
  (s) => `${SAMPLE_PACKAGE}.${s}`,
);

/**
 * proto-loader options the server uses: int64 as strings so values above 2^53
 * survive, enums by name, defaults filled in, oneofs tell which member is set.
 */
export const SAMPLE_LOADER_OPTIONS: protoLoader.Options = {
  keepCase: false,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
};

/**
 * Finds <package root>/proto. From source this file sits in sample-server/, and
 * from the bundle the code runs as dist/*.js: one level below the root either
 * way, so `..` works for both; the second candidate covers a copy shipped next
 * to the bundle.
 */
function findProtoRoot(): string {
  const candidates = [path.resolve(__dirname, '..', 'proto'), path.resolve(__dirname, 'proto')];
  const found = candidates.find((dir) => existsSync(path.join(dir, SAMPLE_PROTO_FILES[0] ?? '')));
  if (!found) {
    throw new Error(
      `sample protos not found; looked in ${candidates.join(' and ')}. Run from the package root or rebuild.`,
    );
  }
  return found;
}

/** Absolute path of the proto/ folder (the import path for SAMPLE_PROTO_FILES and grpc/reflection/*). */
export const PROTO_ROOT: string = findProtoRoot();

/** Absolute paths of the sample proto files. */
export const SAMPLE_PROTO_PATHS: readonly string[] = SAMPLE_PROTO_FILES.map((f) => path.join(PROTO_ROOT, f));

/** Loads the sample protos with SAMPLE_LOADER_OPTIONS (or overrides, e.g. for a test client). */
export function loadSamplePackageDefinition(options: protoLoader.Options = {}): protoLoader.PackageDefinition {
  return protoLoader.loadSync([...SAMPLE_PROTO_FILES], {
    ...SAMPLE_LOADER_OPTIONS,
    ...options,
    includeDirs: [PROTO_ROOT],
  });
}

/** Looks up a service definition by its short name (e.g. 'Counter') in a loaded package definition. */
export function serviceDefinition(def: protoLoader.PackageDefinition, name: string): grpc.ServiceDefinition {
  const service = def[`${SAMPLE_PACKAGE}.${name}`];
  if (!service || 'format' in service)
    throw new Error(`${SAMPLE_PACKAGE}.${name} is not a service in the sample protos`);
  return service as grpc.ServiceDefinition;
}
