/**
 * The gRPC server reflection messages, for speaking the protocol directly.
 * v1 and v1alpha are wire-identical; only the method path differs. Only the
 * fields discovery uses are declared: protobufjs skips the rest on decode.
 */
import * as protobuf from 'protobufjs';
import type { ReflectionVersion } from './types';

const REFLECTION_PROTO = `
syntax = "proto3";
message ServerReflectionRequest {
  string host = 1;
  oneof message_request {
    string file_by_filename = 3;
    string file_containing_symbol = 4;
    string list_services = 7;
  }
}
message ServerReflectionResponse {
  string valid_host = 1;
  oneof message_response {
    FileDescriptorResponse file_descriptor_response = 4;
    ListServiceResponse list_services_response = 6;
    ErrorResponse error_response = 7;
  }
}
message FileDescriptorResponse { repeated bytes file_descriptor_proto = 1; }
message ListServiceResponse { repeated ServiceResponse service = 1; }
message ServiceResponse { string name = 1; }
message ErrorResponse { int32 error_code = 1; string error_message = 2; }
`;

const root = protobuf.parse(REFLECTION_PROTO).root;
const RequestType = root.lookupType('ServerReflectionRequest');
const ResponseType = root.lookupType('ServerReflectionResponse');

/** One reflection question; exactly one kind per request. */
export type ReflectionRequest = { fileByFilename: string } | { fileContainingSymbol: string } | { listServices: string };

/** One answer, decoded. `errorResponse` is the server's per-request error (e.g. NOT_FOUND for an unknown symbol). */
export interface ReflectionResponse {
  fileDescriptorResponse?: { fileDescriptorProto?: Uint8Array[] };
  listServicesResponse?: { service?: { name: string }[] };
  errorResponse?: { errorCode?: number; errorMessage?: string };
}

/** The fully qualified name of the reflection service for a version. */
export function reflectionService(version: ReflectionVersion): string {
  return `grpc.reflection.${version}.ServerReflection`;
}

/** HTTP/2 path of ServerReflectionInfo for a version. */
export function reflectionPath(version: ReflectionVersion): string {
  return `/${reflectionService(version)}/ServerReflectionInfo`;
}

export function encodeRequest(req: ReflectionRequest): Buffer {
  return Buffer.from(RequestType.encode(RequestType.create(req)).finish());
}

export function decodeResponse(bytes: Buffer): ReflectionResponse {
  return ResponseType.toObject(ResponseType.decode(bytes), { defaults: false }) as ReflectionResponse;
}
