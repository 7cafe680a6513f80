// The baseline for `grpc-explorer call` on a server stream: what a person would
// write with grpc-js and proto-loader to print a stream as JSON lines. One
// JSON.stringify line per message on stdout, nothing else.
// Usage: node minimal-json-client.mjs PROTO_ROOT ADDRESS COUNT
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';

const [protoRoot, address, count] = process.argv.slice(2);
const pkg = protoLoader.loadSync('explorer/sample/v1/streams.proto', {
  includeDirs: [protoRoot],
  longs: String,
  bytes: String,
});
const Streams = grpc.loadPackageDefinition(pkg).explorer.sample.v1.Streams;
const client = new Streams(address, grpc.credentials.createInsecure());
const call = client.Generate({ count: Number(count) });
call.on('data', (item) => process.stdout.write(JSON.stringify(item) + '\n'));
call.on('error', (e) => {
  console.error(e.message);
  process.exitCode = 1;
});
call.on('end', () => client.close());
