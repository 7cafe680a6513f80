/**
 * What a test reflection server answers, in the two ways real servers do:
 * `@grpc/reflection`'s regrouped files (made-up names, every dependency in each
 * response) and protoc-built descriptors (real names, one file per response,
 * dependencies fetched by name, like grpc-go and grpc-java servers).
 */
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import * as protobuf from 'protobufjs';
import { FileDescriptorProto } from 'protobufjs/ext/descriptor';
// @grpc/reflection exports only its facade, which always registers v1 and v1alpha;
// its implementation class lets a test server answer with one version only.
import { ReflectionV1Implementation } from '@grpc/reflection/build/src/implementations/reflection-v1';

/** A reflection request as proto-loader decodes it (`oneofs: true` names the case). */
export interface ReflectionRequest {
  host?: string;
  messageRequest?: string;
  fileByFilename?: string;
  fileContainingSymbol?: string;
  listServices?: string;
}

/** Answers one request with a plain ServerReflectionResponse object. */
export type Responder = (req: ReflectionRequest) => Record<string, unknown>;

export const REFLECTION_SERVICES = ['grpc.reflection.v1.ServerReflection', 'grpc.reflection.v1alpha.ServerReflection'];

/** `@grpc/reflection`'s own answers over a proto-loader package definition. */
export function grpcReflectionResponder(def: protoLoader.PackageDefinition): Responder {
  const impl = new ReflectionV1Implementation(def);
  return (req) => impl.handleServerReflectionRequest(req as never) as unknown as Record<string, unknown>;
}

/** Splits a FileDescriptorSet into each file's bytes, untouched (what protoc wrote). */
function splitDescriptorSet(set: Uint8Array): Uint8Array[] {
  const reader = protobuf.Reader.create(set);
  const files: Uint8Array[] = [];
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    if (tag >>> 3 === 1 && (tag & 7) === 2) files.push(reader.bytes());
    else reader.skipType(tag & 7);
  }
  return files;
}

interface Proto {
  name: string;
  package?: string;
  messageType?: Msg[];
  enumType?: { name: string }[];
  service?: { name: string; method?: { name: string }[] }[];
}
interface Msg {
  name: string;
  nestedType?: Msg[];
  enumType?: { name: string }[];
}

/** Every fully qualified symbol a file declares (messages, nested, enums, services, methods). */
function symbolsOf(file: Proto): string[] {
  const prefix = file.package ? `${file.package}.` : '';
  const out: string[] = [];
  const walk = (m: Msg, scope: string): void => {
    const fqn = scope + m.name;
    out.push(fqn);
    for (const e of m.enumType ?? []) out.push(`${fqn}.${e.name}`);
    for (const n of m.nestedType ?? []) walk(n, `${fqn}.`);
  };
  for (const m of file.messageType ?? []) walk(m, prefix);
  for (const e of file.enumType ?? []) out.push(prefix + e.name);
  for (const s of file.service ?? []) {
    out.push(prefix + s.name);
    for (const m of s.method ?? []) out.push(`${prefix}${s.name}.${m.name}`);
  }
  return out;
}

/** Options for the protoc-style responder. */
export interface ProtocResponderOptions {
  /** List the reflection services themselves, as Go and Java servers do. */
  listReflection?: boolean;
  /** Names listed without any descriptor behind them (a misconfigured server). */
  extraListed?: readonly string[];
}

/** Serves a protoc descriptor set the way protoc-built servers do: one file per response, by real name. */
export function protocResponder(set: Uint8Array, opts: ProtocResponderOptions = {}): Responder {
  const byName = new Map<string, Uint8Array>();
  const bySymbol = new Map<string, Uint8Array>();
  const services: string[] = [];
  for (const bytes of splitDescriptorSet(set)) {
    const file = FileDescriptorProto.decode(bytes) as unknown as Proto;
    byName.set(file.name, bytes);
    for (const sym of symbolsOf(file)) bySymbol.set(sym, bytes);
    for (const s of file.service ?? []) services.push(file.package ? `${file.package}.${s.name}` : s.name);
  }
  if (opts.listReflection) services.push(...REFLECTION_SERVICES);
  services.push(...(opts.extraListed ?? []));
  const files = (bytes: Uint8Array | undefined, what: string) =>
    bytes
      ? { fileDescriptorResponse: { fileDescriptorProto: [bytes] } }
      : { errorResponse: { errorCode: grpc.status.NOT_FOUND, errorMessage: `${what} not found` } };
  return (req) => {
    const base = { validHost: req.host ?? '', originalRequest: req };
    switch (req.messageRequest) {
      case 'listServices':
        return { ...base, listServicesResponse: { service: services.map((name) => ({ name })) } };
      case 'fileByFilename':
        return { ...base, ...files(byName.get(req.fileByFilename ?? ''), `file ${req.fileByFilename}`) };
      case 'fileContainingSymbol':
        return { ...base, ...files(bySymbol.get(req.fileContainingSymbol ?? ''), `symbol ${req.fileContainingSymbol}`) };
      default:
        return { ...base, errorResponse: { errorCode: grpc.status.UNIMPLEMENTED, errorMessage: `${req.messageRequest} not supported` } };
    }
  };
}
