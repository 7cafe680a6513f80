/**
 * A grpc-js server on 127.0.0.1:0 serving the fixture services, with reflection
 * shaped like the servers discovery must handle: v1 only, v1alpha only or both;
 * `@grpc/reflection`'s regrouped files or protoc's; behind a bearer token; silent
 * (never answers); or off. It counts reflection streams and requests per version
 * so tests can see what a client asked.
 */
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { fixturePackageDefinition, protocDescriptorSet } from './fixtures';
import { grpcReflectionResponder, protocResponder, type ReflectionRequest, type Responder } from './responders';

export type ReflectionVersion = 'v1' | 'v1alpha';

export interface TestServerOptions {
  /** Reflection versions served; [] turns reflection off. Default both. */
  versions?: readonly ReflectionVersion[];
  /** Whose descriptors: `@grpc/reflection`'s regrouped files (default) or protoc's, file by file. */
  descriptors?: 'grpc-reflection' | 'protoc';
  /** protoc mode: serve this descriptor set instead of the fixtures' (protoc --include_imports output). */
  protocSet?: Uint8Array;
  /** protoc mode: list the reflection services too (Go/Java servers do). */
  listReflection?: boolean;
  /** protoc mode: also list these services, which have no descriptor. */
  extraListed?: readonly string[];
  /** Reject reflection streams whose `authorization` is not exactly this (UNAUTHENTICATED). */
  requireAuthorization?: string;
  /** Accept reflection streams and never answer (for deadline tests). */
  silent?: boolean;
}

/** What the server saw, per reflection version. */
export interface ReflectionStats {
  /** Reflection streams opened, including those refused as UNIMPLEMENTED. */
  streams: Record<ReflectionVersion, number>;
  requests: Record<ReflectionVersion, number>;
  /** `authorization` of each reflection stream, in order ('' when absent). */
  authorizations: string[];
}

export interface TestServer {
  readonly address: string;
  readonly port: number;
  readonly stats: ReflectionStats;
  resetStats(): void;
  close(): Promise<void>;
}

const REFLECTION_PROTO = (v: ReflectionVersion) =>
  join(require.resolve('@grpc/reflection/package.json'), '..', 'build/proto/grpc/reflection', v, 'reflection.proto');
// The options @grpc/reflection's own implementation expects its requests decoded with.
const REFLECTION_LOAD_OPTS = { longs: String, enums: String, bytes: Array, defaults: true, oneofs: true };

function emptyStats(): ReflectionStats {
  return { streams: { v1: 0, v1alpha: 0 }, requests: { v1: 0, v1alpha: 0 }, authorizations: [] };
}

function reflectionDefinition(v: ReflectionVersion): grpc.ServiceDefinition {
  const pkg = grpc.loadPackageDefinition(protoLoader.loadSync(REFLECTION_PROTO(v), REFLECTION_LOAD_OPTS)) as any;
  return pkg.grpc.reflection[v].ServerReflection.service;
}

function reflectionHandler(v: ReflectionVersion, respond: Responder, opts: TestServerOptions, stats: ReflectionStats) {
  return (call: grpc.ServerDuplexStream<ReflectionRequest, unknown>) => {
    stats.streams[v]++;
    const auth = String(call.metadata.get('authorization')[0] ?? '');
    stats.authorizations.push(auth);
    if (opts.requireAuthorization !== undefined && auth !== opts.requireAuthorization) {
      call.emit('error', { code: grpc.status.UNAUTHENTICATED, details: 'reflection requires a bearer token' });
      return;
    }
    call.on('data', (req: ReflectionRequest) => {
      stats.requests[v]++;
      if (!opts.silent) call.write(respond(req));
    });
    call.on('end', () => {
      if (!opts.silent) call.end();
    });
    call.on('error', () => undefined);
  };
}

/**
 * A version the server does not serve: what grpc-js answers for an unknown
 * method (UNIMPLEMENTED, same text), but counted, so tests see what was tried.
 */
function unimplemented(v: ReflectionVersion, stats: ReflectionStats) {
  return (call: grpc.ServerDuplexStream<ReflectionRequest, unknown>) => {
    stats.streams[v]++;
    call.emit('error', {
      code: grpc.status.UNIMPLEMENTED,
      details: `The server does not implement the method /grpc.reflection.${v}.ServerReflection/ServerReflectionInfo`,
    });
  };
}

/** Small working implementations so a test can prove a loaded schema is usable for calls. */
function appImplementations(): Record<string, grpc.UntypedServiceImplementation> {
  return {
    'fixture.shop.v1.Shop': {
      GetItem: (call: grpc.ServerUnaryCall<any, any>, cb: grpc.sendUnaryData<any>) => cb(null, { id: call.request.id, note: 'found' }),
    },
    'fixture.admin.v1.Admin': {
      Reprice: (call: grpc.ServerUnaryCall<any, any>, cb: grpc.sendUnaryData<any>) => cb(null, call.request.price),
    },
  };
}

/** Starts a fixture server on 127.0.0.1 at a free port. */
export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  const def = fixturePackageDefinition();
  const server = new grpc.Server();
  const impls = appImplementations();
  for (const name of ['fixture.shop.v1.Shop', 'fixture.admin.v1.Admin']) {
    server.addService(def[name] as grpc.ServiceDefinition, impls[name] ?? {});
  }
  const stats = emptyStats();
  const respond = opts.descriptors === 'protoc'
    ? protocResponder(opts.protocSet ?? protocDescriptorSet(), { listReflection: opts.listReflection, extraListed: opts.extraListed })
    : grpcReflectionResponder(def);
  const served = opts.versions ?? ['v1', 'v1alpha'];
  for (const v of ['v1', 'v1alpha'] as const) {
    const handler = served.includes(v) ? reflectionHandler(v, respond, opts, stats) : unimplemented(v, stats);
    server.addService(reflectionDefinition(v), { ServerReflectionInfo: handler });
  }
  const port = await new Promise<number>((ok, fail) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? fail(e) : ok(p))),
  );
  return {
    address: `127.0.0.1:${port}`,
    port,
    stats,
    resetStats: () => Object.assign(stats, emptyStats()),
    close: () => new Promise<void>((ok) => {
      // Silent reflection streams never end on their own: force them.
      server.forceShutdown();
      ok();
    }),
  };
}
