import * as protobuf from 'protobufjs';
import { fieldIndex } from './validate';
import { fullName } from './wkt';

/**
 * A lower bound of the encoded size of a validated message (what
 * ./validate.ts returns), found without building it: a request certainly
 * over the send limit is refused before the message object and its bytes
 * exist. Sound for any input: every part it counts is really written, so a
 * request whose JSON text is far larger than its encoding (numbers, defaults,
 * white space) is never refused by it. It counts each field's tag, and for
 * values a string's UTF-16 length (UTF-8 is never shorter), base64 bytes
 * decoded, 4 or 8 bytes for fixed-size numbers and 1 for every other scalar;
 * well-known types and Any count 0. Stops counting once past `stopAbove`.
 */
export function encodedSizeAtLeast(type: protobuf.Type, json: unknown, stopAbove = Infinity): number {
  if (fullName(type).startsWith('google.protobuf.') || json === null || typeof json !== 'object') return 0;
  const index = fieldIndex(type);
  const object = json as Record<string, unknown>;
  let n = 0;
  for (const key of Object.keys(object)) {
    const field = index.get(key);
    const value = object[key];
    if (!field || value === null || value === undefined) continue;
    const tag = tagSize(field);
    if (field.map) {
      const entries = value as Record<string, unknown>;
      for (const k of Object.keys(entries)) {
        n += tag + 1 + 1 + ((field as unknown as protobuf.MapField).keyType === 'string' ? k.length : 1) + 1 + valueAtLeast(field, entries[k], stopAbove);
        if (n > stopAbove) return n;
      }
    } else if (field.repeated) {
      const list = value as unknown[];
      if (!list.length) continue;
      const fixed = fixedSize(field);
      if (fixed !== undefined || (field.packed && isVarintScalar(field))) {
        n += tag + list.length * (fixed ?? 1); // packed (one tag and a length) or a tag each: at least this
      } else {
        for (const element of list) {
          n += tag + valueAtLeast(field, element, stopAbove - n);
          if (n > stopAbove) return n;
        }
      }
    } else if (field.hasPresence || field.resolvedType instanceof protobuf.Type || !isDefault(value)) {
      n += tag + valueAtLeast(field, value, stopAbove - n);
    }
    if (n > stopAbove) return n;
  }
  return n;
}

function valueAtLeast(field: protobuf.Field, value: unknown, stopAbove: number): number {
  if (field.resolvedType instanceof protobuf.Type) return 1 + encodedSizeAtLeast(field.resolvedType, value, stopAbove);
  if (field.resolvedType) return 1; // an enum
  if (field.type === 'string' && typeof value === 'string') return 1 + value.length;
  if (field.type === 'bytes' && typeof value === 'string') return 1 + Math.floor((value.replace(/=+$/, '').length * 3) / 4);
  return fixedSize(field) ?? 1;
}

function fixedSize(field: protobuf.Field): number | undefined {
  if (field.resolvedType) return undefined;
  switch (field.type) {
    case 'double':
    case 'fixed64':
    case 'sfixed64':
      return 8;
    case 'float':
    case 'fixed32':
    case 'sfixed32':
      return 4;
    default:
      return undefined;
  }
}

function isVarintScalar(field: protobuf.Field): boolean {
  return Boolean(field.resolvedType instanceof protobuf.Enum) || (!field.resolvedType && field.type !== 'string' && field.type !== 'bytes');
}

function tagSize(field: protobuf.Field): number {
  const tag = field.id << 3;
  return tag < 0x80 ? 1 : tag < 0x4000 ? 2 : tag < 0x200000 ? 3 : tag < 0x10000000 ? 4 : 5;
}

/** What a field without presence leaves off the wire: 0, "0", "", false (validated forms). -0 is written. */
function isDefault(value: unknown): boolean {
  return Object.is(value, 0) || value === 0n || value === '' || value === '0' || value === false;
}
