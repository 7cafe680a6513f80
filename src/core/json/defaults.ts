import * as protobuf from 'protobufjs';
import { isJsonObject, setKey } from './json-path';
import { is64Bit } from './scalars';
import { fullName, hasSpecialJson, typeOfUrl } from './wkt';
import { LaterElements, STREAMED } from './write';

/**
 * Adds the unpopulated fields to protojson's output, matching Go's protojson
 * `EmitUnpopulated` (what grpcurl's -emit-defaults uses): scalars at their
 * zero value ("0" for 64-bit), enums by the name of value 0, repeated as [],
 * maps as {}, singular messages and proto2/explicit-presence scalars as null.
 * Unset oneof members (proto3 `optional` included) and unset Value fields stay
 * out: writing one would claim it was set. Fields come out in declaration order.
 */
export function withDefaults(type: protobuf.Type, json: unknown): unknown {
  if (hasSpecialJson(type)) return json;
  if (fullName(type) === 'google.protobuf.Any') return anyWithDefaults(type, json);
  if (!isJsonObject(json)) return json;
  const out: Record<string, unknown> = {};
  for (const field of type.fieldsArray) {
    field.resolve();
    if (isExtension(field)) continue;
    const key = field.jsonName ?? field.name;
    if (Object.prototype.hasOwnProperty.call(json, key)) setKey(out, key, fieldWithDefaults(field, json[key]));
    else if (!field.partOf && !isValueField(field)) setKey(out, key, unpopulated(field));
  }
  // Extensions ("[pkg.ext]") are printed only when set, after the fields.
  for (const key of Object.keys(json)) if (!Object.prototype.hasOwnProperty.call(out, key)) setKey(out, key, json[key]);
  if (STREAMED.has(json)) STREAMED.add(out);
  return out;
}

function fieldWithDefaults(field: protobuf.Field, value: unknown): unknown {
  if (value instanceof LaterElements) {
    value.defaults = true; // each element gets its defaults when it is written
    return value;
  }
  const type = field.resolvedType;
  if (!(type instanceof protobuf.Type)) return value;
  if (field.map && isJsonObject(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) setKey(out, key, withDefaults(type, value[key]));
    return out;
  }
  if (field.repeated && Array.isArray(value)) return value.map((v) => withDefaults(type, v));
  return withDefaults(type, value);
}

function anyWithDefaults(type: protobuf.Type, json: unknown): unknown {
  if (!isJsonObject(json) || typeof json['@type'] !== 'string') return json;
  const inner = typeOfUrl(type.root, json['@type']);
  if (!inner) return json;
  if (hasSpecialJson(inner) || fullName(inner) === 'google.protobuf.Any') {
    return { '@type': json['@type'], value: withDefaults(inner, json.value) };
  }
  const { '@type': url, ...fields } = json;
  return { '@type': url, ...(withDefaults(inner, fields) as object) };
}

/**
 * An unset google.protobuf.Value field is left out: the null every other
 * message field prints as would read back as a Value set to null (as the
 * reference, json_format, does).
 */
function isValueField(field: protobuf.Field): boolean {
  return !field.repeated && !field.map && field.resolvedType !== null && fullName(field.resolvedType) === 'google.protobuf.Value';
}

/** What an unset field prints as under emit-defaults. */
function unpopulated(field: protobuf.Field): unknown {
  if (field.map) return {};
  if (field.repeated) return [];
  if (field.resolvedType instanceof protobuf.Type) return null;
  if ((field as any).hasPresence) return null;
  if (field.resolvedType instanceof protobuf.Enum) return enumDefault(field.resolvedType);
  return scalarDefault(field.type);
}

/** The JSON of a scalar's zero value. */
export function scalarDefault(type: string): unknown {
  if (is64Bit(type)) return '0';
  switch (type) {
    case 'bool':
      return false;
    case 'string':
    case 'bytes':
      return '';
    default:
      return 0;
  }
}

/** The name of an enum's zero value (its first value in proto2); null for NullValue. */
export function enumDefault(type: protobuf.Enum): unknown {
  if (fullName(type) === 'google.protobuf.NullValue') return null;
  return type.valuesById[0] ?? Object.keys(type.values)[0] ?? 0;
}

/** Extension fields live in a type's fields too; they are keyed "[pkg.ext]" in JSON. */
export function isExtension(field: protobuf.Field): boolean {
  return Boolean(field.declaringField) || field.name.startsWith('.');
}
