import * as protobuf from 'protobufjs';
import * as protojson from 'protobufjs/ext/protojson';
import { setKey } from './json-path';
import { extensionKey } from './validate';
import { fullName, hasSpecialJson, typeOfUrl, WRAPPERS } from './wkt';

/**
 * A decoded message → its proto3 JSON value, as Google's reference
 * (json_format) prints it. Written here rather than left to protojson.toJson
 * for two cases protojson gets wrong: a double or float field holding -0
 * (protojson leaves it out, taking it for the default 0), and float fields,
 * which print as the shortest decimal that reads back as the same 32-bit float
 * (0.1, not 0.10000000149011612). Timestamp, Duration, FieldMask, Struct,
 * Value and ListValue still go through protojson.
 */
export function writeMessage(type: protobuf.Type, message: Record<string, any>, streamAt = Infinity): unknown {
  // The decoded `message` is consumed: its repeated fields' elements are released as they are written.
  const name = fullName(type);
  const wrapped = WRAPPERS[name];
  if (wrapped) return writeScalar(wrapped, message.value ?? defaultScalar(wrapped));
  if (name === 'google.protobuf.Any') return writeAny(type, message);
  if (hasSpecialJson(type) || name === 'google.protobuf.Empty') return protojson.toJson(type, message);
  const out: Record<string, unknown> = {};
  for (const field of type.fieldsArray) {
    field.resolve();
    const value = message[field.name];
    if (value === null || value === undefined) continue;
    const key = field.declaringField || field.name.startsWith('.') ? extensionKey(field) : field.jsonName;
    if (field.map) {
      const keys = Object.keys(value);
      if (!keys.length) continue;
      const keyType = (field as unknown as protobuf.MapField).keyType;
      const long = keyType.endsWith('64');
      const unsigned = keyType === 'uint64' || keyType === 'fixed64';
      const entries: Record<string, unknown> = {};
      for (const k of keys) setKey(entries, long ? protobuf.util.longFromKey(k, unsigned).toString() : k, writeSingular(field, value[k]));
      setKey(out, key, entries);
    } else if (field.repeated) {
      if (value.length >= streamAt && field.resolvedType instanceof protobuf.Type) {
        setKey(out, key, new LaterElements(field, value, streamAt));
        STREAMED.add(out);
      } else if (value.length) setKey(out, key, writeRepeated(field, value));
    } else if (Object.prototype.hasOwnProperty.call(message, field.name) && !isImplicitDefault(field, value)) {
      const json = writeSingular(field, value, streamAt);
      setKey(out, key, json);
      if (STREAMED.has(json as object)) STREAMED.add(out);
    }
  }
  return out;
}

/**
 * A long repeated message field whose elements are written to JSON one by one while the text is
 * written (write-stream.ts), so a large reply never stands whole as a JSON tree beside its decoded
 * message and its text. `defaults`: emit-defaults applies to each element.
 */
export class LaterElements {
  defaults = false;
  constructor(
    readonly field: protobuf.Field,
    readonly values: unknown[],
    readonly streamAt: number,
  ) {}

  /** Element `i`'s JSON value; the decoded element is let go. */
  take(i: number): unknown {
    const json = writeSingular(this.field, this.values[i], this.streamAt);
    this.values[i] = undefined;
    return json;
  }
}

/** JSON objects that hold LaterElements, themselves or deeper down a singular field. */
export const STREAMED = new WeakSet<object>();

/**
 * The elements' JSON; each element of the decoded message is let go once written (the message is
 * the decoder's own, read once), so a large reply's decoded tree shrinks as its JSON tree grows
 * instead of both standing whole at once.
 */
function writeRepeated(field: protobuf.Field, value: unknown[]): unknown[] {
  // Numbers, strings and bools are kept: nothing to gain, and a hole would widen a number array.
  const release = field.resolvedType instanceof protobuf.Type || field.type === 'bytes';
  const out = new Array<unknown>(value.length);
  for (let i = 0; i < value.length; i++) {
    out[i] = writeSingular(field, value[i]);
    if (release) value[i] = undefined;
  }
  return out;
}

function writeSingular(field: protobuf.Field, value: any, streamAt = Infinity): unknown {
  const type = field.resolvedType;
  if (type instanceof protobuf.Type) return writeMessage(type, value, streamAt);
  if (type instanceof protobuf.Enum) {
    if (fullName(type) === 'google.protobuf.NullValue') return null;
    return type.valuesById[value] ?? value; // an unknown number prints as the number
  }
  return writeScalar(field.type, value);
}

function writeScalar(type: string, value: any): unknown {
  switch (type) {
    case 'double':
      return Number.isFinite(value) ? value : String(value);
    case 'float':
      return Number.isFinite(value) ? shortestFloat(value) : String(value);
    case 'bytes':
      return protobuf.util.base64.encode(value, 0, value.length);
    case 'int64':
    case 'sint64':
    case 'sfixed64':
    case 'uint64':
    case 'fixed64':
      return String(value);
    default:
      return value;
  }
}

function defaultScalar(type: string): unknown {
  if (type === 'bool') return false;
  if (type === 'string') return '';
  if (type === 'bytes') return new Uint8Array(0);
  return 0;
}

/**
 * The shortest decimal of at least 6 significant digits (trailing zeros
 * dropped) that reads back as the same 32-bit float: exactly what the
 * reference prints (type_checkers.ToShortestFloat).
 */
export function shortestFloat(value: number): number {
  if (value === 0) return value; // 0 or -0, sign kept
  for (let digits = 6; digits <= 9; digits++) {
    const candidate = Number(toPrecisionHalfEven(value, digits));
    if (Math.fround(candidate) === value) return candidate;
  }
  return value;
}

/**
 * toPrecision, but an exact tie rounds to the even digit (Python's formatting)
 * instead of away from zero: -1411082.25 → -1411082.2, not -1411082.3.
 */
function toPrecisionHalfEven(value: number, digits: number): string {
  const rounded = value.toPrecision(digits);
  const longer = value.toPrecision(digits + 1);
  const [mantissa = '', exponent] = longer.split('e');
  if (!mantissa.endsWith('5') || Number(longer) !== value) return rounded; // not a tie
  const lastDigit = Number(rounded.split('e')[0]!.replace(/\D/g, '').slice(-1));
  if (lastDigit % 2 === 0) return rounded;
  return mantissa.slice(0, -1) + '0' + (exponent !== undefined ? `e${exponent}` : ''); // the tie rounded down instead
}

/** Zero, "", false, empty bytes, enum 0 on a field without presence: not printed. -0 is printed. */
function isImplicitDefault(field: protobuf.Field, value: any): boolean {
  if (field.hasPresence || field.resolvedType instanceof protobuf.Type) return false;
  if (typeof value === 'number') return Object.is(value, 0);
  if (typeof value === 'string') return value === '';
  if (typeof value === 'boolean') return !value;
  if (value instanceof Uint8Array) return value.length === 0;
  if (typeof value?.isZero === 'function') return value.isZero();
  return false;
}

function writeAny(type: protobuf.Type, message: Record<string, any>): unknown {
  const url: string | undefined = message[type.fields.type_url?.name ?? 'type_url'];
  if (!url) return {};
  const inner = typeOfUrl(type.root, url);
  if (!inner) throw new Error(`an Any holds ${url}, which is not in the schema`);
  const bytes: Uint8Array = message[type.fields.value?.name ?? 'value'] ?? new Uint8Array(0);
  const body = writeMessage(inner, inner.decode(bytes) as unknown as Record<string, any>);
  if (hasSpecialJson(inner) || fullName(inner) === 'google.protobuf.Any') return { '@type': url, value: body };
  return { '@type': url, ...(body as object) };
}
