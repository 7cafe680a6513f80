/**
 * The conformance schema loaded both ways a user meets it: from the .proto
 * file, and from protoc's descriptors served by a test server over reflection
 * v1 only (the shape protoc-built grpc-go/java/C++/Python servers send).
 */
import { join } from 'node:path';
import type * as protobuf from 'protobufjs';
import { loadSchema } from '../../src/core/schema/discover';
import { loadProtoFiles } from '../../src/core/schema/files';
import { startTestServer } from '../servers/test-server';
import { PROTO_DIR, PROTO_FILE } from './harness';

export async function loadBothWays(set: Uint8Array): Promise<{ roots: Record<string, protobuf.Root>; close(): Promise<void> }> {
  const fromProto = await loadProtoFiles([join(PROTO_DIR, PROTO_FILE)]);
  const server = await startTestServer({ descriptors: 'protoc', versions: ['v1'], protocSet: set });
  const conn = { address: server.address, transport: { kind: 'plaintext' as const } };
  const schema = await loadSchema(conn, { kind: 'reflection' });
  return { roots: { '.proto files': fromProto, 'reflection v1 (protoc descriptors)': schema.root }, close: () => server.close() };
}
