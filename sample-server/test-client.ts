/**
 * A static grpc-js client over the sample protos, for the sample server's own
 * tests (and anyone who wants a reference client): proto-loader with the same
 * options as the server, plus small promise helpers that keep headers,
 * trailers and the status.
 */
import * as grpc from '@grpc/grpc-js';
import {
  loadSamplePackageDefinition,
  SAMPLE_PACKAGE,
  startSampleServer,
  type SampleServer,
  type SampleServerOptions,
} from './server';

/** Untyped stubs of the six sample services. */
export interface SampleClients {
  Counter: any;
  Streams: any;
  Books: any;
  FlowControl: any;
  Faults: any;
  Types: any;
  close(): void;
}

/** Clients for every sample service on one channel (credentials default to plaintext). */
export function sampleClients(
  address: string,
  creds = grpc.credentials.createInsecure(),
  options: grpc.ChannelOptions = {},
): SampleClients {
  const pkg = grpc.loadPackageDefinition(loadSamplePackageDefinition()) as any;
  const ns = SAMPLE_PACKAGE.split('.').reduce((o, k) => o[k], pkg);
  const Counter = new ns.Counter(address, creds, options);
  // Every stub shares Counter's channel, so one close() ends them all.
  const channelOverride = Counter.getChannel();
  const make = (name: string) => new ns[name](address, creds, { ...options, channelOverride });
  return {
    Counter,
    Streams: make('Streams'),
    Books: make('Books'),
    FlowControl: make('FlowControl'),
    Faults: make('Faults'),
    Types: make('Types'),
    close: () => Counter.close(),
  };
}

/** What a finished call produced. */
export interface CallResult<T> {
  messages: T[];
  headers: grpc.Metadata | undefined;
  status: grpc.StatusObject;
}

/** Calls a unary method; resolves with the response (or the error) and the metadata both ways. */
export function unary<T = any>(
  client: any,
  method: string,
  request: unknown,
  md = new grpc.Metadata(),
  options: grpc.CallOptions = {},
): Promise<CallResult<T> & { error?: grpc.ServiceError }> {
  return new Promise((resolve) => {
    let headers: grpc.Metadata | undefined;
    let response: T | undefined;
    let error: grpc.ServiceError | undefined;
    const call = client[method](request, md, options, (err: grpc.ServiceError | null, res: T) => {
      error = err ?? undefined;
      response = res;
    });
    call.on('metadata', (m: grpc.Metadata) => (headers = m));
    call.on('status', (status: grpc.StatusObject) =>
      // 'status' can come before the callback; wait a tick so both are in
      setImmediate(() => resolve({ messages: response === undefined ? [] : [response], headers, status, error })),
    );
  });
}

/** Reads a server-streaming or bidi call to its end, collecting every message. */
export function drain<T = any>(
  call: grpc.ClientReadableStream<T> | grpc.ClientDuplexStream<unknown, T>,
): Promise<CallResult<T>> {
  return new Promise((resolve) => {
    const messages: T[] = [];
    let headers: grpc.Metadata | undefined;
    call.on('metadata', (m: grpc.Metadata) => (headers = m));
    call.on('data', (m: T) => messages.push(m));
    call.on('error', () => undefined); // the status below carries it; an unhandled 'error' would kill the test process
    call.on('status', (status: grpc.StatusObject) => resolve({ messages, headers, status }));
  });
}

/** Resolves once check() is true, polling every few milliseconds (waits for a state, asserts nothing about time). */
export async function until(check: () => boolean, what: string, limitMs = 120_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Starts a server on 127.0.0.1:0 with clients on it; stop() closes both. */
export async function withSampleServer(
  opts: SampleServerOptions = {},
): Promise<{ server: SampleServer; clients: SampleClients; stop(): Promise<void> }> {
  const server = await startSampleServer(opts);
  const clients = sampleClients(server.address);
  return { server, clients, stop: async () => (clients.close(), await server.close(500)) };
}
