import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { ReflectionV1Implementation } from '@grpc/reflection/build/src/implementations/reflection-v1';
import { PROTO_LOADER_OPTS } from '@grpc/reflection/build/src/implementations/common/constants';
import { PROTO_ROOT } from './protos';

/** The reflection API versions the sample server serves, by proto package. */
export const REFLECTION_SERVICES: readonly string[] = [
  'grpc.reflection.v1.ServerReflection',
  'grpc.reflection.v1alpha.ServerReflection',
];

/**
 * Serves server reflection v1 and v1alpha for a package definition.
 *
 * @grpc/reflection's own ReflectionService(pkg).addToServer(server) loads its
 * reflection.proto from `__dirname/../../proto`, a path that does not exist
 * once esbuild has bundled it into dist/sample-server.js. So this uses the
 * library's implementation (every answer comes from its
 * handleServerReflectionRequest) and only does the registration, with copies
 * of the same two protos kept in proto/grpc/reflection/.
 */
export function addReflection(server: grpc.Server, pkg: protoLoader.PackageDefinition): void {
  const impl = new ReflectionV1Implementation(pkg);
  for (const version of ['v1', 'v1alpha']) {
    const file = path.join(PROTO_ROOT, 'grpc', 'reflection', version, 'reflection.proto');
    const def = protoLoader.loadSync(file, PROTO_LOADER_OPTS);
    server.addService(def[`grpc.reflection.${version}.ServerReflection`] as grpc.ServiceDefinition, {
      ServerReflectionInfo: (stream: grpc.ServerDuplexStream<any, any>) => {
        stream.on('end', () => stream.end());
        stream.on('data', (message: any) => stream.write(impl.handleServerReflectionRequest(message)));
      },
    });
  }
}
