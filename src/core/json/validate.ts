import * as protobuf from 'protobufjs';
import { InputError } from '../errors';
import { childPath, closest, indexPath, isJsonObject, setKey, show } from './json-path';
import { isJsonNumber } from './parse';
import { exactInteger, readMapKey, readScalar } from './scalars';
import { fullName, hasSpecialJson, readWellKnown, tooDeep, typeOfUrl } from './wkt';

/**
 * Walks parsed JSON (see ./parse.ts) against a message type and returns the
 * same JSON made safe for protobufjs's protojson: 64-bit integers as exact
 * decimal strings, number literals as numbers, enums as numbers. Every
 * problem becomes an `InputError` naming the JSON path and what was expected,
 * so protojson (whose errors carry no path) only ever sees valid input.
 *
 * Works in place: a message's object and a repeated field's array get their
 * values replaced and are returned, not copied, so a large request exists as
 * one tree rather than two (the parse tree is this function's alone: on an
 * error it is left half converted). A field set to null stays null, meaning
 * unset, as the later stages read it. Maps and Any get new objects.
 */
export function normalizeMessage(type: protobuf.Type, value: unknown, path = '$', depth = 0): unknown {
  if (depth > protobuf.util.recursionLimit) throw tooDeep(path);
  const special = readWellKnown(type, value, path, depth);
  if (special) return special.value;
  if (fullName(type) === 'google.protobuf.Any') return readAny(type, value, path, depth);
  if (!isJsonObject(value)) throw new InputError(path, `expected an object (${fullName(type)}), got ${show(value)}`);

  const index = fieldIndex(type);
  const keyOfField = new Map<protobuf.Field, string>();
  const pathOfOneof = new Map<protobuf.OneOf, string>();
  for (const key of Object.keys(value)) {
    const field = index.get(key);
    const fieldPath = childPath(path, key);
    if (!field) throw unknownField(type, key, fieldPath);
    const earlier = keyOfField.get(field);
    if (earlier !== undefined)
      throw new InputError(fieldPath, `"${key}" and "${earlier}" name the same field; set it once`);
    keyOfField.set(field, key);
    const fieldValue = value[key];
    // null means "not set" (the field's default), except where null is itself a value.
    if (fieldValue === null && !holdsNull(field)) continue;
    if (field.partOf) {
      const other = pathOfOneof.get(field.partOf);
      if (other !== undefined) {
        const problem = `both set but are members of oneof "${field.partOf.name}" of ${fullName(type)}; set only one`;
        throw new InputError(`${other} / ${fieldPath}`, problem);
      }
      pathOfOneof.set(field.partOf, fieldPath);
    }
    setKey(value, key, readField(field, fieldValue, fieldPath, depth));
  }
  return value;
}

function readField(field: protobuf.Field, value: unknown, path: string, depth: number): unknown {
  if (field.map) return readMap(field, value, path, depth);
  if (!field.repeated) return readSingular(field, value, path, depth);
  if (!Array.isArray(value))
    throw new InputError(path, `expected an array (repeated ${typeLabel(field)}), got ${show(value)}`);
  const scalar = !(field.resolvedType instanceof protobuf.Type);
  // In place, as messages are: a long array is not copied.
  for (let i = 0; i < value.length; i++) {
    const element: unknown = value[i];
    if (element === null && !holdsNull(field))
      throw new InputError(indexPath(path, i), 'null is not allowed in a repeated field');
    if (!scalar) {
      value[i] = readSingular(field, element, indexPath(path, i), depth);
      continue;
    }
    // A scalar's path is only needed for its error: millions of elements need no path string each.
    try {
      value[i] = readSingular(field, element, path, depth);
    } catch (e) {
      throw e instanceof InputError && e.path === path ? new InputError(indexPath(path, i), e.problem) : e;
    }
  }
  return value;
}

function readMap(field: protobuf.Field, value: unknown, path: string, depth: number): unknown {
  const keyType = mapKeyType(field);
  if (!isJsonObject(value)) {
    throw new InputError(path, `expected an object (map<${keyType}, ${typeLabel(field)}>), got ${show(value)}`);
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const entryPath = childPath(path, key);
    const canonical = readMapKey(key, keyType, entryPath);
    if (Object.prototype.hasOwnProperty.call(out, canonical)) {
      throw new InputError(entryPath, `map key "${key}" repeats key ${canonical}; set it once`);
    }
    const entry = value[key];
    if (entry === null && !holdsNull(field)) throw new InputError(entryPath, 'null is not allowed as a map value');
    setKey(out, canonical, readSingular(field, entry, entryPath, depth));
  }
  return out;
}

function readSingular(field: protobuf.Field, value: unknown, path: string, depth: number): unknown {
  const type = field.resolvedType;
  if (type instanceof protobuf.Type) return normalizeMessage(type, value, path, depth + 1);
  if (type instanceof protobuf.Enum) return readEnum(type, value, path);
  return readScalar(field.type, value, path);
}

function readEnum(type: protobuf.Enum, value: unknown, path: string): number {
  const names = Object.keys(type.values);
  if (typeof value === 'string') {
    const number = type.values[value];
    if (number !== undefined && Object.prototype.hasOwnProperty.call(type.values, value)) return number;
    const guess = closest(value, names);
    const hint = guess ? `; did you mean "${guess}"?` : '';
    throw new InputError(
      path,
      `unknown enum value ${show(value)} for ${fullName(type)} (expected one of ${names.join(', ')}${hint})`,
    );
  }
  if (value === null && fullName(type) === 'google.protobuf.NullValue') return 0;
  const n = isJsonNumber(value) ? exactInteger(value.toString()) : undefined;
  if (n === undefined || n < -(2n ** 31n) || n >= 2n ** 31n) {
    throw new InputError(
      path,
      `expected an enum value of ${fullName(type)} (one of ${names.join(', ')}) or its number, got ${show(value)}`,
    );
  }
  // Closed (proto2) enums reject numbers they do not define; open ones carry any number.
  if ((type as any)._features?.enum_type === 'CLOSED' && type.valuesById[Number(n)] === undefined) {
    throw new InputError(path, `${n} is not a value of the closed enum ${fullName(type)} (one of ${names.join(', ')})`);
  }
  return Number(n);
}

function readAny(type: protobuf.Type, value: unknown, path: string, depth: number): unknown {
  if (!isJsonObject(value))
    throw new InputError(path, `expected an object with "@type" (google.protobuf.Any), got ${show(value)}`);
  const url = value['@type'];
  const keys = Object.keys(value);
  if (url === undefined) {
    if (keys.length === 0) return {};
    throw new InputError(
      path,
      `"@type" is missing; an Any with fields needs "@type": "type.googleapis.com/<full type name>"`,
    );
  }
  const urlPath = childPath(path, '@type');
  if (typeof url !== 'string')
    throw new InputError(urlPath, `expected a type URL like "type.googleapis.com/pkg.Type", got ${show(url)}`);
  const inner = typeOfUrl(type.root, url);
  if (!inner)
    throw new InputError(
      urlPath,
      `unknown type ${show(url)}: no such message in the schema (load the .proto that defines it)`,
    );
  if (fullName(inner) === 'google.protobuf.Empty' && 'value' in value) return readEmptyInAny(value, url, path);
  if (!hasSpecialJson(inner) && fullName(inner) !== 'google.protobuf.Any') {
    const fields: Record<string, unknown> = {};
    for (const key of keys) if (key !== '@type') setKey(fields, key, value[key]);
    return { '@type': url, ...(normalizeMessage(inner, fields, path, depth + 1) as object) };
  }
  // Types with a special JSON form travel in "value": {"@type": ".../google.protobuf.Duration", "value": "1s"}.
  const extra = keys.find((k) => k !== '@type' && k !== 'value');
  if (extra !== undefined) {
    throw new InputError(
      childPath(path, extra),
      `unknown field "${extra}" in an Any holding ${fullName(inner)}; put its JSON in "value"`,
    );
  }
  if (!('value' in value))
    throw new InputError(path, `missing "value": an Any holding ${fullName(inner)} carries its JSON in "value"`);
  return { '@type': url, value: normalizeMessage(inner, value.value, childPath(path, 'value'), depth + 1) };
}

/**
 * Empty has no fields, so the reference (Python's json_format) writes it inline,
 * {"@type": ".../google.protobuf.Empty"}, while Go and grpcurl print
 * {"@type": ..., "value": {}}; both mean the same message, so both are read.
 */
function readEmptyInAny(value: Record<string, unknown>, url: string, path: string): unknown {
  const extra = Object.keys(value).find((k) => k !== '@type' && k !== 'value');
  if (extra !== undefined)
    throw new InputError(childPath(path, extra), `unknown field "${extra}" in an Any holding google.protobuf.Empty`);
  const inner = value.value;
  if (!isJsonObject(inner) || Object.keys(inner).length > 0)
    throw new InputError(childPath(path, 'value'), `expected {} (google.protobuf.Empty), got ${show(inner)}`);
  return { '@type': url };
}

function unknownField(type: protobuf.Type, key: string, path: string): InputError {
  const names = type.fieldsArray.map((f) => f.resolve().jsonName ?? f.name);
  const guess = closest(key, [...new Set([...names, ...type.fieldsArray.map((f) => protoName(f))])]);
  const hint = guess
    ? `did you mean "${guess}"?`
    : names.length <= 12
      ? `its fields: ${names.join(', ') || 'none'}`
      : '';
  return new InputError(path, `unknown field "${key}" in ${fullName(type)}${hint ? ` (${hint})` : ''}`);
}

/** Value and NullValue are the only fields where JSON null is a value rather than "unset". */
function holdsNull(field: protobuf.Field): boolean {
  const name = field.resolvedType ? fullName(field.resolvedType) : '';
  return name === 'google.protobuf.Value' || name === 'google.protobuf.NullValue';
}

function typeLabel(field: protobuf.Field): string {
  return field.resolvedType ? fullName(field.resolvedType) : field.type;
}

/** protobufjs types MapField apart from Field though a map field is one. */
function mapKeyType(field: protobuf.Field): string {
  return (field as unknown as protobuf.MapField).keyType;
}

function protoName(field: protobuf.Field): string {
  return (field as any).protoName ?? field.name;
}

const indexes = new WeakMap<protobuf.Type, Map<string, protobuf.Field>>();

/** Every key protojson accepts for a field: its name, JSON name, original proto name; `[pkg.ext]` for extensions. */
export function fieldIndex(type: protobuf.Type): Map<string, protobuf.Field> {
  let index = indexes.get(type);
  if (index) return index;
  index = new Map();
  for (const field of type.fieldsArray) {
    field.resolve();
    if (field.declaringField || field.name.startsWith('.')) {
      index.set(extensionKey(field), field);
    } else {
      for (const key of [field.name, field.jsonName, protoName(field)]) if (key) index.set(key, field);
    }
  }
  indexes.set(type, index);
  return index;
}

// The same key protojson gives an extension: [full.name] with the declared (proto) name.
export function extensionKey(field: protobuf.Field): string {
  const declared = field.declaringField ?? field;
  const name = fullName(declared);
  return `[${(declared as any).protoName ? name.replace(/[^.]+$/, protoName(declared)) : name}]`;
}
