import * as protobuf from 'protobufjs';
import * as protojson from 'protobufjs/ext/protojson';
import { encodeMessage } from './encode';
import { isJsonObject } from './json-path';
import { fieldIndex } from './validate';
import { fullName, hasSpecialJson, typeOfUrl, WRAPPERS } from './wkt';

/**
 * Validated JSON (what ./validate.ts returns) → a message object protobufjs
 * encodes. Written here rather than left to protojson.fromJson because
 * protojson drops a double or float field holding -0 (it takes -0 for the
 * default 0), also inside wrappers and Any, while the wire keeps it.
 * Timestamp, Duration, FieldMask, Struct, Value and ListValue, which have no
 * such case, still go through protojson.
 *
 * Builds in place where it can, so a request of many nested messages is one
 * tree in memory, not two: a validated message whose keys are already the
 * field names (the usual case for single-word and keepCase names) becomes
 * the built message itself, and repeated fields and maps get their elements
 * replaced. Otherwise a new object is made and each value of the validated
 * one is let go (set to null) once built. `json` is this function's alone
 * (the codec makes it for this call); a field left out is null in it.
 */
export function buildMessage(type: protobuf.Type, json: unknown): Record<string, unknown> {
  const name = fullName(type);
  const wrapped = WRAPPERS[name];
  if (wrapped) {
    const value = buildScalar(wrapped, json);
    return isImplicitDefault(wrapped, value) ? {} : { value };
  }
  if (name === 'google.protobuf.Any') return buildAny(type, json as Record<string, unknown>);
  if (name.startsWith('google.protobuf.') && PROTOJSON_READS.has(name)) {
    return protojson.fromJson(type, json) as unknown as Record<string, unknown>;
  }
  if (!isJsonObject(json)) return {};
  const index = fieldIndex(type);
  const keys = Object.keys(json);
  const inPlace = keys.every((key) => index.get(key)!.name === key);
  const out: Record<string, unknown> = inPlace ? json : {};
  for (const key of keys) {
    const field = index.get(key)!;
    const value = json[key];
    json[key] = null; // unset until built below (the encoder skips null), or let go
    if (value === null && !holdsNullValue(field)) continue;
    if (field.map) {
      const entries = value as Record<string, unknown>;
      for (const k of Object.keys(entries)) entries[k] = buildSingular(field, entries[k]);
      out[field.name] = entries;
    } else if (field.repeated) {
      // Integers, bools and strings are already in the form the encoder takes.
      const asIs = !field.resolvedType && AS_VALIDATED.has(field.type);
      out[field.name] = asIs ? value : buildEach(field, value as unknown[]);
    } else {
      const built = buildSingular(field, value);
      const implicit = !field.hasPresence && !(field.resolvedType instanceof protobuf.Type);
      if (!(implicit && isImplicitDefault(field.resolvedType ? 'enum' : field.type, built))) out[field.name] = built;
    }
  }
  return out;
}

/** The elements of a repeated field built, in place. */
function buildEach(field: protobuf.Field, list: unknown[]): unknown[] {
  for (let i = 0; i < list.length; i++) list[i] = buildSingular(field, list[i]);
  return list;
}

const AS_VALIDATED = new Set(
  ['int32', 'uint32', 'sint32', 'fixed32', 'sfixed32', 'int64', 'uint64', 'sint64', 'fixed64', 'sfixed64', 'bool', 'string'],
);

const PROTOJSON_READS = new Set(
  ['Timestamp', 'Duration', 'FieldMask', 'Struct', 'Value', 'ListValue'].map((n) => `google.protobuf.${n}`),
);

function buildSingular(field: protobuf.Field, value: unknown): unknown {
  const type = field.resolvedType;
  if (type instanceof protobuf.Type) return buildMessage(type, value);
  if (type instanceof protobuf.Enum) return value === null ? 0 : value; // validate.ts made enums numbers
  return buildScalar(field.type, value);
}

/** A scalar in the form protobufjs writes: numbers, decimal strings for 64-bit integers, bytes decoded. */
function buildScalar(type: string, value: unknown): unknown {
  switch (type) {
    case 'double':
    case 'float':
      return Number(value); // a number, or "NaN" / "Infinity" / "-Infinity"
    case 'bytes':
      return bytesOf(value as string);
    // 64-bit integers stay as validate.ts left them (decimal strings, safe-integer numbers or
    // bigints, range checked): encode.ts reads each form into 64 bits without a Long object per value.
    default:
      return value;
  }
}

/** Standard or URL-safe base64, padded or not (validate.ts checked the alphabet). */
function bytesOf(text: string): Uint8Array {
  const standard = text.replace(/-/g, '+').replace(/_/g, '/');
  const padded = standard + '='.repeat((4 - (standard.length % 4)) % 4);
  const out = protobuf.util.newBuffer(protobuf.util.base64.length(padded)) as Uint8Array;
  protobuf.util.base64.decode(padded, out, 0);
  return out;
}

/** Zero, "", false, empty bytes: what a field without presence leaves off the wire. -0 is not one. */
function isImplicitDefault(type: string, value: unknown): boolean {
  if (typeof value === 'number') return Object.is(value, 0);
  if (typeof value === 'bigint') return value === 0n;
  if (typeof value === 'string') return value === '' || (type.endsWith('64') && value === '0');
  if (typeof value === 'boolean') return !value;
  if (value instanceof Uint8Array) return value.length === 0;
  return false;
}

function holdsNullValue(field: protobuf.Field): boolean {
  const name = field.resolvedType ? fullName(field.resolvedType) : '';
  return name === 'google.protobuf.Value' || name === 'google.protobuf.NullValue';
}

/** An Any: the held message built and encoded into `value`, under the type URL as written. */
function buildAny(type: protobuf.Type, json: Record<string, unknown>): Record<string, unknown> {
  const url = json['@type'];
  if (typeof url !== 'string') return {};
  const inner = typeOfUrl(type.root, url)!;
  let body: unknown = json.value;
  if (!hasSpecialJson(inner) && fullName(inner) !== 'google.protobuf.Any') {
    const fields: Record<string, unknown> = {};
    for (const key of Object.keys(json)) if (key !== '@type') fields[key] = json[key];
    body = fields;
  }
  const bytes = encodeMessage(inner, buildMessage(inner, body));
  const typeUrl = type.fields.type_url ?? type.fieldsArray[0]!;
  const value = type.fields.value ?? type.fieldsArray[1]!;
  return bytes.length ? { [typeUrl.name]: url, [value.name]: bytes } : { [typeUrl.name]: url };
}
