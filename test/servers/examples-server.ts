/**
 * A plaintext grpc-js server on 127.0.0.1:0 for the `.http` examples written
 * from the IntelliJ HTTP Client's, httpyac's and kulala.nvim's documentation:
 * httpyac's hello.HelloService, JetBrains' com.example.UserService and
 * kulala's grpc_echo.v1.EchoService, with server reflection.
 */
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { addReflection } from '../../sample-server/reflection';

export const EXAMPLES_DIR = join(__dirname, '..', 'requests', 'examples');

type Msg = Record<string, string>;

export async function startExamplesServer(): Promise<{ address: string; close(): void }> {
  const files = ['hello.proto', 'user.proto', 'grpc/echopb/echo.proto', 'postman/hello.proto'].map((f) =>
    join(EXAMPLES_DIR, f),
  );
  const pkg = protoLoader.loadSync(files, { keepCase: false, longs: String, enums: String, defaults: false });
  const def = (name: string) => pkg[name] as grpc.ServiceDefinition;
  const server = new grpc.Server();
  // httpyac's current examples call a package-less HelloService (postman/hello.proto): the same handlers.
  for (const name of ['hello.HelloService', 'HelloService']) server.addService(def(name), {
    SayHello: (call: grpc.ServerUnaryCall<Msg, Msg>, done: grpc.sendUnaryData<Msg>) =>
      done(null, { reply: `hello ${call.request.greeting}` }),
    LotsOfReplies: (call: grpc.ServerWritableStream<Msg, Msg>) => {
      for (let i = 1; i <= 3; i++) call.write({ reply: `${call.request.greeting} ${i}` });
      call.end();
    },
    LotsOfGreetings: (call: grpc.ServerReadableStream<Msg, Msg>, done: grpc.sendUnaryData<Msg>) => {
      const got: string[] = [];
      call.on('data', (m: Msg) => got.push(m.greeting ?? ''));
      call.on('end', () => done(null, { reply: got.join(' ') }));
    },
    BidiHello: (call: grpc.ServerDuplexStream<Msg, Msg>) => {
      call.on('data', (m: Msg) => call.write({ reply: `hello ${m.greeting}` }));
      call.on('end', () => call.end());
    },
  });
  server.addService(def('com.example.UserService'), {
    GetUser: (call: grpc.ServerUnaryCall<Msg, Msg>, done: grpc.sendUnaryData<Msg>) =>
      done(null, { id: call.request.id ?? '', name: `user ${call.request.id}` }),
  });
  server.addService(def('grpc_echo.v1.EchoService'), {
    Echo: (call: grpc.ServerUnaryCall<Msg, Msg>, done: grpc.sendUnaryData<Msg>) =>
      done(null, { pong: call.request.ping ?? '' }),
  });
  addReflection(server, pkg);
  const port = await new Promise<number>((ok, fail) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? fail(e) : ok(p))),
  );
  return { address: `127.0.0.1:${port}`, close: () => server.forceShutdown() };
}
