/**
 * A schema that cannot be built from what was given: a .proto file that does
 * not parse or import, a protoset missing files, descriptors that do not
 * resolve. Nothing was called. (Reflection failures are GrpcErrors instead:
 * they carry the server's status code.)
 */
export class SchemaLoadError extends Error {
  override readonly name = 'SchemaLoadError';
}
