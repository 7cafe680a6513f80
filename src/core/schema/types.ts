import type * as protobuf from 'protobufjs';
import type { MetadataEntries } from '../metadata';

export type MethodKind = 'unary' | 'server-streaming' | 'client-streaming' | 'bidi-streaming';

export interface MethodInfo {
  /** Fully qualified service name, e.g. `explorer.sample.v1.Streams`. */
  readonly service: string;
  /** Method name, e.g. `BidiSync`. */
  readonly name: string;
  /** `explorer.sample.v1.Streams/BidiSync`: the form the CLI and grpcurl take. */
  readonly fullName: string;
  /** `/explorer.sample.v1.Streams/BidiSync`: the HTTP/2 path. */
  readonly path: string;
  readonly kind: MethodKind;
  /** Fully qualified, no leading dot. */
  readonly requestType: string;
  readonly responseType: string;
}

/** Whether the client sends a stream of messages (client and bidi streaming). */
export const requestStreams = (method: { readonly kind: MethodKind }): boolean =>
  method.kind === 'client-streaming' || method.kind === 'bidi-streaming';

/** Whether the server replies with a stream of messages (server and bidi streaming). */
export const responseStreams = (method: { readonly kind: MethodKind }): boolean =>
  method.kind === 'server-streaming' || method.kind === 'bidi-streaming';

export interface ServiceInfo {
  readonly name: string;
  readonly methods: readonly MethodInfo[];
}

export type ReflectionVersion = 'v1' | 'v1alpha';

/** Where a schema comes from. */
export type SchemaSource =
  | {
      kind: 'reflection';
      /** 'auto' (default): v1 first, v1alpha on UNIMPLEMENTED, remembered per target. */
      version?: 'auto' | ReflectionVersion;
      /** Sent with every reflection request (servers that guard reflection behind auth). */
      metadata?: MetadataEntries;
      /** Per reflection request; default 10 000 ms. */
      deadlineMs?: number;
    }
  | { kind: 'proto'; files: readonly string[]; importPaths?: readonly string[] }
  | { kind: 'protoset'; files: readonly string[] };

/** Everything known about a target's services, resolved (imports, nested types, maps…). */
export interface Schema {
  /**
   * protobufjs 8 root with every type resolved; the JSON codec works on it.
   * Field names are as written in the .proto file (`created_at`) whatever the
   * source (protobufjs `keepCase`); `field.jsonName` is the JSON name (`createdAt`).
   */
  readonly root: protobuf.Root;
  /** Sorted by name; reflection services left out. */
  readonly services: readonly ServiceInfo[];
  /** How it was obtained; for reflection, the version the server answered. */
  readonly origin: 'reflection-v1' | 'reflection-v1alpha' | 'proto' | 'protoset';
  /**
   * What discovery had to leave out, for people: e.g. a listed service whose
   * descriptor the server would not give. Absent when nothing was left out.
   */
  readonly warnings?: readonly string[];
}
