import * as grpc from '@grpc/grpc-js';
import { callRecorder, formatCallRecord, type CallRecord } from './call-log';
import { loadSamplePackageDefinition, serviceDefinition } from './protos';
import { addReflection } from './reflection';
import { booksService } from './services/books';
import { counterService } from './services/counter';
import { faultsService } from './services/faults';
import { flowService } from './services/flow';
import { FlowMonitor, type FlowStreamStats } from './services/flow-monitor';
import { streamsService } from './services/streams';
import { typesService } from './services/types';
import { selfSignedLocalhost } from './tls';

export {
  PROTO_ROOT,
  SAMPLE_LOADER_OPTIONS,
  SAMPLE_PACKAGE,
  SAMPLE_PROTO_FILES,
  SAMPLE_PROTO_PATHS,
  SAMPLE_SERVICES,
  loadSamplePackageDefinition,
} from './protos';
export { REFLECTION_SERVICES } from './reflection';
export { ECHO_HEADER_PREFIX } from './services/types';
export { formatCallRecord, type CallRecord } from './call-log';
export type { FlowStreamStats } from './services/flow-monitor';

/** How to start the sample server. */
export interface SampleServerOptions {
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** Port; 0 (the default) picks any free port, see SampleServer.port. */
  port?: number;
  /** Serve TLS with a fresh self-signed certificate for localhost (returned as caPem). */
  tls?: boolean;
  /** Receives one line per finished call (method, code, duration, messages in/out). */
  log?: (line: string) => void;
  /** Receives each finished call as data, e.g. for a test or benchmark. */
  onCall?: (record: CallRecord) => void;
  /** The largest message received or sent; grpc-js's default (4 MiB received) otherwise. */
  maxMessageBytes?: number;
}

/** A running sample server. */
export interface SampleServer {
  /** The port actually bound (useful with port 0). */
  readonly port: number;
  /** host:port to dial (IPv6 hosts in brackets). */
  readonly address: string;
  /** With tls: the self-signed certificate to trust (--cacert). */
  readonly caPem?: string;
  /** Graceful stop: lets calls finish for up to graceMs (default 2000), then cancels the rest. */
  close(graceMs?: number): Promise<void>;
  /** Server-side counters of FlowControl streams (active ones and the last finished ones). */
  flowStreams(): FlowStreamStats[];
}

function hostPort(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}

function bind(server: grpc.Server, target: string, creds: grpc.ServerCredentials): Promise<number> {
  return new Promise((resolve, reject) =>
    server.bindAsync(target, creds, (err, port) =>
      err
        ? reject(new Error(`cannot listen on ${target}: ${err.message}; choose another port (0 picks a free one)`))
        : resolve(port),
    ),
  );
}

/** Adds every sample service and reflection (v1 and v1alpha) to a grpc-js server. */
function addSampleServices(server: grpc.Server, monitor: FlowMonitor): void {
  const pkg = loadSamplePackageDefinition();
  server.addService(serviceDefinition(pkg, 'Counter'), counterService);
  server.addService(serviceDefinition(pkg, 'Streams'), streamsService);
  server.addService(serviceDefinition(pkg, 'Books'), booksService);
  server.addService(serviceDefinition(pkg, 'FlowControl'), flowService(monitor));
  server.addService(serviceDefinition(pkg, 'Faults'), faultsService);
  const types = typesService(serviceDefinition(pkg, 'Types'));
  server.addService(types.definition, types.implementation);
  // Reflection serves descriptors from a definition loaded with keepCase, so
  // clients see the field names as the .proto writes them (snake_case) and
  // both JSON spellings (json_name and the proto name) are accepted.
  addReflection(server, loadSamplePackageDefinition({ keepCase: true }));
}

/** Starts the sample streaming server (package explorer.sample.v1) with reflection. */
export async function startSampleServer(opts: SampleServerOptions = {}): Promise<SampleServer> {
  const host = opts.host ?? '127.0.0.1';
  const { log, onCall } = opts;
  const interceptors = log || onCall ? [callRecorder((r) => (onCall?.(r), log?.(formatCallRecord(r))))] : [];
  const limits = opts.maxMessageBytes
    ? { 'grpc.max_receive_message_length': opts.maxMessageBytes, 'grpc.max_send_message_length': opts.maxMessageBytes }
    : {};
  const server = new grpc.Server({ interceptors, ...limits });
  const monitor = new FlowMonitor();
  addSampleServices(server, monitor);

  const pair = opts.tls ? await selfSignedLocalhost() : undefined;
  const creds = pair
    ? grpc.ServerCredentials.createSsl(
        null,
        [{ private_key: Buffer.from(pair.keyPem), cert_chain: Buffer.from(pair.certPem) }],
        false,
      )
    : grpc.ServerCredentials.createInsecure();
  const port = await bind(server, hostPort(host, opts.port ?? 0), creds);

  return {
    port,
    address: hostPort(host, port),
    caPem: pair?.certPem,
    flowStreams: () => monitor.snapshot(),
    close: (graceMs = 2000) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => server.forceShutdown(), graceMs);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
  };
}
