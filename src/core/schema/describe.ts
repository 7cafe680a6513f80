/**
 * `grpc-explorer describe`: services, methods, messages and enums as readable
 * proto-style text. Type names are written relative to the package being
 * described (`Item.Variant`), fully qualified otherwise (`google.protobuf.Timestamp`).
 */
import * as protobuf from 'protobufjs';
import { findMethod, qualifiedName } from './schema';
import type { Schema } from './types';

const INDENT = '  ';

function packageOf(obj: protobuf.ReflectionObject): string {
  let ns = obj.parent;
  while (ns && !(ns instanceof protobuf.Root) && (ns instanceof protobuf.Type || ns instanceof protobuf.Service)) ns = ns.parent;
  return ns && !(ns instanceof protobuf.Root) ? qualifiedName(ns) : '';
}

function typeRef(name: string, resolved: protobuf.ReflectionObject | null | undefined, pkg: string): string {
  const full = resolved ? qualifiedName(resolved) : name.replace(/^\./, '');
  return pkg && full.startsWith(`${pkg}.`) ? full.slice(pkg.length + 1) : full;
}

/** `rpc Name(stream Req) returns (stream Resp);` */
function rpcLine(m: protobuf.Method, pkg: string): string {
  m.resolve();
  const req = `${m.requestStream ? 'stream ' : ''}${typeRef(m.requestType, m.resolvedRequestType, pkg)}`;
  const res = `${m.responseStream ? 'stream ' : ''}${typeRef(m.responseType, m.resolvedResponseType, pkg)}`;
  return `rpc ${m.name}(${req}) returns (${res});`;
}

function describeService(s: protobuf.Service): string[] {
  const pkg = packageOf(s);
  return [`service ${s.name} {`, ...s.methodsArray.map((m) => INDENT + rpcLine(m, pkg)), '}'];
}

function describeEnum(e: protobuf.Enum): string[] {
  return [`enum ${e.name} {`, ...Object.entries(e.values).map(([name, n]) => `${INDENT}${name} = ${n};`), '}'];
}

/** proto3 `optional` shows as a one-field oneof named `_field`; some sources keep only that. */
function isProto3Optional(f: protobuf.Field): boolean {
  if (f.options?.proto3_optional) return true;
  const o = f.partOf;
  return !!o && o.fieldsArray.length === 1 && o.name === `_${f.protoName ?? f.name}`;
}

function fieldLine(f: protobuf.Field, pkg: string): string {
  f.resolve();
  const name = f.protoName ?? f.name;
  if (f instanceof protobuf.MapField) return `map<${f.keyType}, ${typeRef(f.type, f.resolvedType, pkg)}> ${name} = ${f.id};`;
  const label = f.repeated ? 'repeated ' : f.required ? 'required ' : isProto3Optional(f) ? 'optional ' : '';
  return `${label}${typeRef(f.type, f.resolvedType, pkg)} ${name} = ${f.id};`;
}

function describeMessage(t: protobuf.Type): string[] {
  const pkg = packageOf(t);
  const body: string[] = [];
  for (const nested of t.nestedArray) {
    if (nested instanceof protobuf.Type) body.push(...describeMessage(nested));
    else if (nested instanceof protobuf.Enum) body.push(...describeEnum(nested));
  }
  const oneofsDone = new Set<protobuf.OneOf>();
  for (const f of t.fieldsArray) {
    const o = f.partOf;
    if (!o || isProto3Optional(f)) body.push(fieldLine(f, pkg));
    else if (!oneofsDone.has(o)) {
      oneofsDone.add(o);
      body.push(`oneof ${o.name} {`, ...o.fieldsArray.map((m) => INDENT + fieldLine(m, pkg)), '}');
    }
  }
  return [`message ${t.name} {`, ...body.map((l) => INDENT + l), '}'];
}

function describeObject(obj: protobuf.ReflectionObject): string {
  // Methods are named as people call them: pkg.Service/Method.
  const name = obj instanceof protobuf.Method && obj.parent ? `${qualifiedName(obj.parent)}/${obj.name}` : qualifiedName(obj);
  const header = (kind: string) => `// ${name} is ${kind === 'enum' ? 'an' : 'a'} ${kind}${packageOf(obj) ? ` in package ${packageOf(obj)}` : ''}`;
  if (obj instanceof protobuf.Service) return [header('service'), ...describeService(obj)].join('\n');
  if (obj instanceof protobuf.Type) return [header('message'), ...describeMessage(obj)].join('\n');
  if (obj instanceof protobuf.Enum) return [header('enum'), ...describeEnum(obj)].join('\n');
  if (obj instanceof protobuf.Method) return [header('method'), rpcLine(obj, packageOf(obj.parent ?? obj))].join('\n');
  throw new Error(`${qualifiedName(obj)} is neither a service, method, message nor enum`);
}

function lookup(schema: Schema, symbol: string): protobuf.ReflectionObject | undefined {
  const method = findMethod(schema, symbol);
  if (method) return schema.root.lookup(`${method.service}.${method.name}`) ?? undefined;
  const name = symbol.trim().replace(/^\.?/, '.');
  return schema.root.lookup(name) ?? undefined;
}

/**
 * Proto-style text for a symbol: a service (its rpcs), a method (`pkg.Svc/M`,
 * `/pkg.Svc/M` or `pkg.Svc.M`), a message (fields with labels, maps, oneofs and
 * nested types) or an enum (its values). Without a symbol, every service.
 * Throws, naming the services, when the symbol is unknown.
 */
export function describeSymbol(schema: Schema, symbol?: string): string {
  if (symbol === undefined || symbol.trim() === '') {
    const services = schema.services.map((s) => schema.root.lookupService(s.name));
    return services.map(describeObject).join('\n\n');
  }
  const obj = lookup(schema, symbol);
  if (!obj || obj instanceof protobuf.Root || (obj instanceof protobuf.Namespace && !(obj instanceof protobuf.Type) && !(obj instanceof protobuf.Service))) {
    const names = schema.services.map((s) => s.name).join(', ') || 'none';
    throw new Error(`no service, method, message or enum named "${symbol}" (services: ${names})`);
  }
  return describeObject(obj);
}
