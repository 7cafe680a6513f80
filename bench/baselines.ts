import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { PROTO_ROOT } from '../sample-server/protos';
import { timed, type RunResult } from './harness';

const PROTOS = ['explorer/sample/v1/counter.proto', 'explorer/sample/v1/streams.proto'];

/** What application code written against generated stubs would do: proto-loader + grpc-js. */
export function loadStaticPackage(): protoLoader.PackageDefinition {
  return protoLoader.loadSync(PROTOS, { includeDirs: [PROTO_ROOT], longs: String, defaults: false });
}

type UnaryStub = (req: object, cb: (err: grpc.ServiceError | null, res: { value: string }) => void) => void;

/**
 * The static client: the stub `loadPackageDefinition` generates, calling
 * Increment n times, each request carrying the previous answer (so the calls
 * are strictly sequential, one round trip at a time).
 */
export function staticIncrementClient(address: string, pkg: protoLoader.PackageDefinition) {
  const Ctor = grpc.loadPackageDefinition(pkg).explorer as any;
  const client: grpc.Client = new Ctor.sample.v1.Counter(address, grpc.credentials.createInsecure());
  const increment = (client as any).Increment.bind(client) as UnaryStub;
  const once = (value: string) =>
    new Promise<string>((ok, fail) => increment({ value }, (err, res) => (err ? fail(err) : ok(res.value))));
  return {
    run: (n: number): Promise<RunResult> =>
      timed(async () => {
        let value = '0';
        for (let i = 0; i < n; i++) value = await once(value);
        if (value !== String(n)) throw new Error(`static client: expected ${n} after ${n} increments, got ${value}`);
        return n;
      }),
    close: () => client.close(),
  };
}

/**
 * The raw streaming client: grpc-js `makeServerStreamRequest` with
 * proto-loader's (protobufjs) serializer and deserializer, so every message is
 * decoded into an object as an application would see it. A client that only
 * counted frames would be a baseline no real program matches.
 */
export function rawGenerateClient(address: string, pkg: protoLoader.PackageDefinition) {
  const def = (pkg['explorer.sample.v1.Streams'] as protoLoader.ServiceDefinition).Generate!;
  const client = new grpc.Client(address, grpc.credentials.createInsecure());
  const stream = (count: number) =>
    new Promise<number>((ok, fail) => {
      let received = 0;
      const call = client.makeServerStreamRequest(def.path, def.requestSerialize, def.responseDeserialize, { count });
      call.on('data', () => received++);
      call.on('error', fail);
      call.on('status', (s: grpc.StatusObject) => (s.code === grpc.status.OK ? ok(received) : undefined));
    });
  return {
    run: (count: number): Promise<RunResult> =>
      timed(async () => {
        const got = await stream(count);
        if (got !== count) throw new Error(`raw client: expected ${count} messages, got ${got}`);
        return got;
      }),
    close: () => client.close(),
  };
}
