import * as grpc from '@grpc/grpc-js';
import { statusError } from '../call-control';

/** Request headers with this prefix are sent back as response headers by Types.Echo. */
export const ECHO_HEADER_PREFIX = 'x-echo';

/**
 * Types.Echo works on the raw bytes: what the client encoded comes back byte
 * for byte, so any difference the client sees after a round trip is its own
 * encoder's or decoder's doing, never the server's re-encoding. The bytes are
 * still decoded once to refuse malformed input with a clear status.
 */
export function typesService(definition: grpc.ServiceDefinition): {
  definition: grpc.ServiceDefinition;
  implementation: grpc.UntypedServiceImplementation;
} {
  const echo = definition['Echo'];
  if (!echo) throw new Error('explorer.sample.v1.Types has no Echo method');
  const identity = (bytes: Buffer) => bytes;
  const rawDefinition = { ...definition, Echo: { ...echo, requestDeserialize: identity, responseSerialize: identity } };

  const implementation: grpc.UntypedServiceImplementation = {
    Echo(call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) {
      try {
        echo.requestDeserialize(call.request);
      } catch (e) {
        callback(
          statusError(
            grpc.status.INVALID_ARGUMENT,
            `request is not a valid explorer.sample.v1.AllTypes: ${(e as Error).message}`,
          ),
        );
        return;
      }
      const headers = new grpc.Metadata();
      for (const key of Object.keys(call.metadata.getMap())) {
        if (key.startsWith(ECHO_HEADER_PREFIX)) for (const value of call.metadata.get(key)) headers.add(key, value);
      }
      if (Object.keys(headers.getMap()).length > 0) call.sendMetadata(headers);
      callback(null, call.request);
    },
  };
  return { definition: rawDefinition, implementation };
}
