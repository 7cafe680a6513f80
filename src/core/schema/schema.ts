/**
 * A resolved protobufjs Root → the services and methods a user can call, and
 * lookups by the names people type.
 */
import type * as protobuf from 'protobufjs';
import type { MethodInfo, MethodKind, Schema, ServiceInfo } from './types';

/** Reflection's own services: servers (Go, Java) list them, users never call them. */
export const HIDDEN_SERVICES: ReadonlySet<string> = new Set([
  'grpc.reflection.v1.ServerReflection',
  'grpc.reflection.v1alpha.ServerReflection',
]);

function kindOf(m: protobuf.Method): MethodKind {
  if (m.requestStream) return m.responseStream ? 'bidi-streaming' : 'client-streaming';
  return m.responseStream ? 'server-streaming' : 'unary';
}

/** Fully qualified name without protobufjs's leading dot. */
export function qualifiedName(obj: protobuf.ReflectionObject): string {
  return obj.fullName.replace(/^\./, '');
}

function methodInfo(service: string, m: protobuf.Method): MethodInfo {
  m.resolve();
  const req = m.resolvedRequestType;
  const res = m.resolvedResponseType;
  return {
    service,
    name: m.name,
    fullName: `${service}/${m.name}`,
    path: `/${service}/${m.name}`,
    kind: kindOf(m),
    requestType: req ? qualifiedName(req) : m.requestType.replace(/^\./, ''),
    responseType: res ? qualifiedName(res) : m.responseType.replace(/^\./, ''),
  };
}

function collectServices(ns: protobuf.NamespaceBase, out: protobuf.Service[]): void {
  for (const child of ns.nestedArray) {
    if ('methods' in child) out.push(child as protobuf.Service);
    else if ('nestedArray' in child) collectServices(child as protobuf.NamespaceBase, out);
  }
}

// Code-unit order, not localeCompare: the same on every machine and locale.
const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Services and methods of a resolved root, sorted by name, reflection services left out. */
export function schemaFromRoot(root: protobuf.Root, origin: Schema['origin'], warnings?: readonly string[]): Schema {
  const found: protobuf.Service[] = [];
  collectServices(root, found);
  const services: ServiceInfo[] = found
    .map((s) => ({ name: qualifiedName(s), svc: s }))
    .filter(({ name }) => !HIDDEN_SERVICES.has(name))
    .sort(byName)
    .map(({ name, svc }) => ({ name, methods: svc.methodsArray.map((m) => methodInfo(name, m)).sort(byName) }));
  return warnings?.length ? { root, services, origin, warnings } : { root, services, origin };
}

/** A service by fully qualified name (a leading dot is accepted). */
export function findService(schema: Schema, name: string): ServiceInfo | undefined {
  const want = name.trim().replace(/^\./, '');
  return schema.services.find((s) => s.name === want);
}

/**
 * A method by any of the names people write: `pkg.Svc/Method`, `/pkg.Svc/Method`
 * (the HTTP/2 path) or `pkg.Svc.Method` (grpcurl's and the descriptors' form).
 */
export function findMethod(schema: Schema, name: string): MethodInfo | undefined {
  const text = name.trim().replace(/^\/|^\./, '');
  const slash = text.lastIndexOf('/');
  const cut = slash >= 0 ? slash : text.lastIndexOf('.');
  if (cut <= 0) return undefined;
  const service = findService(schema, text.slice(0, cut));
  const method = text.slice(cut + 1);
  return service?.methods.find((m) => m.name === method);
}
