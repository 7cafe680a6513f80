import * as protobuf from 'protobufjs';
import { InputError } from '../errors';
import { childPath, indexPath, isJsonObject, setKey, shortPath, show } from './json-path';
import { isJsonNumber } from './parse';
import { readScalar } from './scalars';

/** The wrapper types (full names, no leading dot) and the scalar each one's JSON is. */
export const WRAPPERS: Record<string, string> = {
  'google.protobuf.DoubleValue': 'double',
  'google.protobuf.FloatValue': 'float',
  'google.protobuf.Int64Value': 'int64',
  'google.protobuf.UInt64Value': 'uint64',
  'google.protobuf.Int32Value': 'int32',
  'google.protobuf.UInt32Value': 'uint32',
  'google.protobuf.BoolValue': 'bool',
  'google.protobuf.StringValue': 'string',
  'google.protobuf.BytesValue': 'bytes',
};

type Reader = (value: unknown, path: string, depth: number) => unknown;

// Well-known types whose JSON is not an object of their fields (a string, a
// bare scalar, any JSON…), with the check for each. Any is an object with
// "@type", so validate.ts handles it with the messages.

const READERS: Record<string, Reader> = {
  'google.protobuf.Timestamp': readTimestamp,
  'google.protobuf.Duration': readDuration,
  'google.protobuf.FieldMask': readFieldMask,
  'google.protobuf.Struct': (v, p, depth) => {
    if (!isJsonObject(v)) throw new InputError(p, `expected an object (google.protobuf.Struct), got ${show(v)}`);
    return plainJson(v, p, depth - 1);
  },
  'google.protobuf.ListValue': (v, p, depth) => {
    if (!Array.isArray(v)) throw new InputError(p, `expected an array (google.protobuf.ListValue), got ${show(v)}`);
    return plainJson(v, p, depth - 1);
  },
  'google.protobuf.Value': plainJson,
};
for (const [name, scalar] of Object.entries(WRAPPERS)) READERS[name] = (v, p) => readScalar(scalar, v, p);

const names = new WeakMap<protobuf.ReflectionObject, string>();

/**
 * Full name without the leading dot. Cached: protobufjs builds `fullName` from
 * the parents on every read, and the codec asks for it at every value.
 */
export function fullName(type: protobuf.ReflectionObject): string {
  let name = names.get(type);
  if (name === undefined) names.set(type, (name = type.fullName.replace(/^\./, '')));
  return name;
}

/** The message type an Any's type URL names ("type.googleapis.com/pkg.Type"), looked up in `root`. */
export function typeOfUrl(root: protobuf.Root, url: string): protobuf.Type | undefined {
  const name = url.slice(url.lastIndexOf('/') + 1).replace(/^\./, '');
  const found = name ? root.lookup(`.${name}`, [protobuf.Type]) : null;
  return found instanceof protobuf.Type ? found : undefined;
}

/** True for a well-known type whose JSON is not an object of its fields (Any is an object, so it is not one). */
export function hasSpecialJson(type: protobuf.Type): boolean {
  return READERS[fullName(type)] !== undefined;
}

/** Validates the JSON of a well-known type; undefined when `type` is not one with a special form. */
export function readWellKnown(
  type: protobuf.Type,
  value: unknown,
  path: string,
  depth: number,
): { value: unknown } | undefined {
  const reader = READERS[fullName(type)];
  return reader ? { value: reader(value, path, depth) } : undefined;
}

const TIMESTAMP_RE =
  /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):([0-5]\d):([0-5]\d)(?:\.(\d{1,9}))?(Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;
const MIN_SECONDS = -62135596800; // 0001-01-01T00:00:00Z
const MAX_SECONDS = 253402300799; // 9999-12-31T23:59:59Z

function readTimestamp(value: unknown, path: string): string {
  const m = typeof value === 'string' ? TIMESTAMP_RE.exec(value) : null;
  const millis = m ? Date.parse(value as string) : NaN;
  if (!m || Number.isNaN(millis) || !dayExists(Number(m[1]), Number(m[2]), Number(m[3]))) {
    throw new InputError(path, `expected an RFC 3339 timestamp, got ${show(value)}`);
  }
  const seconds = Math.floor(millis / 1000);
  if (seconds < MIN_SECONDS || seconds > MAX_SECONDS) {
    throw new InputError(path, `timestamp ${show(value)} is outside 0001-01-01T00:00:00Z … 9999-12-31T23:59:59Z`);
  }
  return value as string;
}

function dayExists(year: number, month: number, day: number): boolean {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day;
}

const MAX_DURATION_SECONDS = 315576000000; // ±10,000 years, the limit in duration.proto

function readDuration(value: unknown, path: string): string {
  const m = typeof value === 'string' ? /^-?(\d+)(?:\.\d{1,9})?s$/.exec(value) : null;
  if (!m) throw new InputError(path, `expected a duration like "1.5s", got ${show(value)}`);
  if (Number(m[1]) > MAX_DURATION_SECONDS) {
    throw new InputError(path, `duration ${show(value)} is outside ±${MAX_DURATION_SECONDS}s`);
  }
  return value as string;
}

function readFieldMask(value: unknown, path: string): string {
  if (typeof value !== 'string') {
    throw new InputError(
      path,
      `expected a field mask like "name,address.city" (comma-separated paths), got ${show(value)}`,
    );
  }
  readScalar('string', value, path); // a lone surrogate cannot go out as UTF-8
  if (value.includes('_')) {
    throw new InputError(
      path,
      `field mask paths are lowerCamelCase in JSON ("fooBar", not "foo_bar"), got ${show(value)}`,
    );
  }
  return value;
}

/**
 * Any JSON (a google.protobuf.Value): number literals become finite numbers.
 * `depth` is the message depth of the Value holding `value`: an object or
 * array in it is one message deeper (a Struct or ListValue), its elements two,
 * and protobufjs's recursion limit applies to all of them.
 */
function plainJson(value: unknown, path: string, depth: number): unknown {
  const container = Array.isArray(value) || isJsonObject(value);
  if (depth + (container ? 1 : 0) > protobuf.util.recursionLimit) throw tooDeep(path);
  if (typeof value === 'number') return value; // the parser keeps only finite numbers as numbers
  if (isJsonNumber(value)) {
    const n = Number(value.toString());
    if (!Number.isFinite(n)) throw new InputError(path, `${value.toString()} is out of range for a double`);
    return n;
  }
  // In place, as validate.ts converts messages: the parse tree is not copied.
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = plainJson(value[i], indexPath(path, i), depth + 2);
    return value;
  }
  if (isJsonObject(value)) {
    for (const key of Object.keys(value)) setKey(value, key, plainJson(value[key], childPath(path, key), depth + 2));
    return value;
  }
  return typeof value === 'string' ? readScalar('string', value, path) : value;
}

/** The error for input nested past protobufjs's recursion limit (messages, and Struct/ListValue levels). */
export function tooDeep(path: string): InputError {
  const limit = protobuf.util.recursionLimit;
  return new InputError(shortPath(path), `nested deeper than ${limit} messages, the limit (a Struct or list level counts 2)`);
}

