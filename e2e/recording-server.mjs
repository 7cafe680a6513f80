// A gRPC server inside the test process that serves the sample's Counter (with reflection) and keeps
// the request metadata of every call, so a test can see what actually went over the wire (the sample
// server process cannot tell a test which headers it received).
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from './harness.mjs';

const require = createRequire(join(ROOT, 'package.json'));
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');
const { ReflectionService } = require('@grpc/reflection');

/**
 * Starts Counter (Increment: value + 1) on 127.0.0.1, port 0. `calls` lists `{ method, metadata }`
 * per call received (reflection included), metadata as a plain object of string arrays.
 */
export async function startRecordingServer() {
  const pkg = protoLoader.loadSync('explorer/sample/v1/counter.proto', {
    includeDirs: [join(ROOT, 'proto')], keepCase: true, longs: String, defaults: true,
  });
  const calls = [];
  const record = (method, md) => calls.push({ method, metadata: md.toJSON() });
  const server = new grpc.Server({
    interceptors: [(info, call) => new grpc.ServerInterceptingCall(call, {
      start: (next) => next({ onReceiveMetadata: (md, nextMd) => (record(info.path, md), nextMd(md)) }),
    })],
  });
  const counter = grpc.loadPackageDefinition(pkg).explorer.sample.v1.Counter;
  server.addService(counter.service, {
    Increment: (call, done) => done(null, { value: String(BigInt(call.request.value || '0') + 1n) }),
    IncrementStream: (call) => {
      call.on('data', (m) => call.write({ value: String(BigInt(m.value || '0') + 1n) }));
      call.on('end', () => call.end());
    },
  });
  new ReflectionService(pkg).addToServer(server);
  const port = await new Promise((res, rej) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? rej(e) : res(p))),
  );
  return {
    address: `127.0.0.1:${port}`,
    calls,
    stop: () => new Promise((res) => server.tryShutdown(() => res())),
  };
}
