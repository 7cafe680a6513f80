/**
 * The timeline's search for a number (digits only, e.g. a sequence number or an id) without
 * decoding every message to JSON: a walk over the message's wire bytes that proves its canonical
 * JSON cannot contain the digits. In compact JSON a run of digits lies inside one token (a field
 * name, a number, a string value, base64 of bytes, an enum name), so a message can hold the needle
 * only in one of them: integers are compared as the decimals the JSON prints, ASCII strings as
 * their bytes, bytes fields as their base64. Whatever the walk cannot decide exactly (floats, the
 * well-known types with their own JSON forms, strings with escapes or non-ASCII, malformed input)
 * answers "maybe", and that message is decoded as before. Only "surely not" skips the decode.
 */
import type * as protobuf from 'protobufjs';

/** Field types whose wire form is a varint. */
const VARINT_TYPES = new Set(['int32', 'int64', 'uint32', 'uint64', 'sint32', 'sint64', 'bool', 'enum']);
const FIXED32_TYPES = new Set(['fixed32', 'sfixed32', 'float']);
const FIXED64_TYPES = new Set(['fixed64', 'sfixed64', 'double']);
const TWO_32 = 2 ** 32;

/** Thrown by the walk when the bytes are not a well-formed message: the decoder then decides. */
class Undecided extends Error {}

/**
 * For a needle of digits only, a test on a message of `type` (its wire bytes) that returns true when
 * its canonical JSON surely does not contain the needle. Undefined when the needle does not qualify,
 * or when a field or enum value name of the type holds it (then every message would match anyway).
 * `emitDefaults` prints absent numbers as 0, so "0" is then left to decoding.
 */
export function numberPrefilter(
  needle: string,
  type: protobuf.Type,
  emitDefaults: boolean,
): ((bytes: Uint8Array) => boolean) | undefined {
  if (!/^[0-9]+$/.test(needle) || (emitDefaults && needle === '0')) return undefined;
  if (namesHold(type, needle, new Set())) return undefined;
  const walk = new WireWalk(needle);
  return (bytes) => {
    try {
      return !walk.message(bytes, 0, bytes.length, type);
    } catch {
      return false; // malformed, or a form the walk does not print: decode it
    }
  };
}

/** True when a JSON field name or an enum value name reachable from `type` contains `needle`. */
function namesHold(type: protobuf.Type, needle: string, seen: Set<protobuf.Type>): boolean {
  if (seen.has(type)) return false;
  seen.add(type);
  for (const f of type.fieldsArray) {
    const jsonName = (f.options as Record<string, unknown> | undefined)?.json_name;
    if ([f.name, f.name.replace(/_/g, ''), String(jsonName ?? '')].some((n) => n.includes(needle))) return true;
    const t = f.resolvedType;
    if (t && 'values' in t && Object.keys(t.values).some((n) => n.includes(needle))) return true;
    if (t && 'fieldsArray' in t && namesHold(t, needle, seen)) return true;
  }
  return false;
}

/** Reads one message's wire bytes and answers whether its JSON may hold the needle. */
class WireWalk {
  private readonly digits: Uint8Array;
  /** The needle as a number and 10^(its length), for matching integers without printing them. */
  private readonly needleValue: number;
  private readonly modulus: number;
  private readonly wellKnown = new Map<protobuf.Type, boolean>();
  private pos = 0;
  private lo = 0;
  private hi = 0;

  constructor(private readonly needle: string) {
    this.digits = Uint8Array.from(needle, (c) => c.charCodeAt(0));
    this.needleValue = needle.length <= 15 ? Number(needle) : NaN;
    this.modulus = 10 ** needle.length;
  }

  /** True when the message in buf[start, end) may hold the needle in its JSON. */
  message(buf: Uint8Array, start: number, end: number, type: protobuf.Type): boolean {
    // A field of a well-known type prints in its own form (RFC 3339, "1.5s", wrappers…): decode.
    let wkt = this.wellKnown.get(type);
    if (wkt === undefined) this.wellKnown.set(type, (wkt = type.fullName.startsWith('.google.protobuf.'))); // fullName is rebuilt per read
    if (wkt) return true;
    this.pos = start;
    while (this.pos < end) {
      const tag = this.varint32(buf, end);
      const wire = tag & 7;
      const field = type.fieldsById[tag >>> 3];
      if (!field) {
        this.skip(buf, end, wire); // unknown fields are not printed
        continue;
      }
      if (this.field(buf, end, wire, field)) return true;
    }
    if (this.pos !== end) throw new Undecided();
    return false;
  }

  private field(buf: Uint8Array, end: number, wire: number, field: protobuf.Field): boolean {
    if (field.map) {
      if (wire !== 2) throw new Undecided();
      const len = this.varint32(buf, end);
      const entryEnd = this.pos + len;
      if (entryEnd > end) throw new Undecided();
      const map = field as unknown as protobuf.MapField;
      while (this.pos < entryEnd) {
        const tag = this.varint32(buf, entryEnd);
        const n = tag >>> 3;
        const held =
          n === 1
            ? this.value(buf, entryEnd, tag & 7, map.keyType, undefined)
            : n === 2
              ? this.value(buf, entryEnd, tag & 7, map.type, map.resolvedType)
              : (this.skip(buf, entryEnd, tag & 7), false);
        if (held) return true;
      }
      return false;
    }
    return this.value(buf, end, wire, field.type, field.resolvedType);
  }

  /** One value of protobuf type `typeName` (resolved to `resolved` for messages and enums). */
  private value(
    buf: Uint8Array,
    end: number,
    wire: number,
    typeName: string,
    resolved: protobuf.Type | protobuf.Enum | null | undefined,
  ): boolean {
    const kind = resolved && 'values' in resolved ? 'enum' : typeName;
    if (resolved && 'fieldsArray' in resolved) {
      if (wire !== 2) throw new Undecided();
      const len = this.varint32(buf, end);
      const at = this.pos;
      if (at + len > end) throw new Undecided();
      const held = this.message(buf, at, at + len, resolved);
      this.pos = at + len;
      return held;
    }
    if (wire === 2 && (kind === 'string' || kind === 'bytes')) {
      const len = this.varint32(buf, end);
      const at = this.pos;
      if (at + len > end) throw new Undecided();
      this.pos = at + len;
      return kind === 'string' ? this.inAscii(buf, at, at + len) : this.inBase64(buf, at, len);
    }
    if (wire === 2) {
      // A packed repeated number: each element as it would be alone.
      const len = this.varint32(buf, end);
      const stop = this.pos + len;
      if (stop > end) throw new Undecided();
      const elementWire = VARINT_TYPES.has(kind) ? 0 : FIXED32_TYPES.has(kind) ? 5 : FIXED64_TYPES.has(kind) ? 1 : -1;
      if (elementWire < 0) throw new Undecided();
      while (this.pos < stop) if (this.number(buf, stop, elementWire, kind, resolved as protobuf.Enum | undefined)) return true;
      if (this.pos !== stop) throw new Undecided();
      return false;
    }
    return this.number(buf, end, wire, kind, resolved as protobuf.Enum | undefined);
  }

  private number(buf: Uint8Array, end: number, wire: number, kind: string, enumType: protobuf.Enum | undefined): boolean {
    if (wire === 0 && VARINT_TYPES.has(kind)) {
      this.varint64(buf, end);
      if (kind === 'bool') return false; // true / false
      // A known enum value prints as its name (checked up front not to hold the needle).
      if (kind === 'enum' && enumType && enumType.valuesById[this.lo | 0] !== undefined) return false;
      return this.decimalHolds(this.integer(kind));
    }
    if (wire === 5 && (kind === 'fixed32' || kind === 'sfixed32')) {
      if (this.pos + 4 > end) throw new Undecided();
      const v = buf[this.pos]! | (buf[this.pos + 1]! << 8) | (buf[this.pos + 2]! << 16) | (buf[this.pos + 3]! << 24);
      this.pos += 4;
      return this.decimalHolds(kind === 'fixed32' ? v >>> 0 : v);
    }
    if (wire === 1 && (kind === 'fixed64' || kind === 'sfixed64')) {
      if (this.pos + 8 > end) throw new Undecided();
      const view = new DataView(buf.buffer, buf.byteOffset + this.pos, 8);
      this.pos += 8;
      return this.decimalHolds(kind === 'fixed64' ? view.getBigUint64(0, true) : view.getBigInt64(0, true));
    }
    throw new Undecided(); // floats and doubles print in forms of their own; a wrong wire type
  }

  /** The varint just read (lo, hi) as the value of an integer field of `kind`. */
  private integer(kind: string): number | bigint {
    const { lo, hi } = this;
    switch (kind) {
      case 'int32':
      case 'enum':
        return lo | 0;
      case 'uint32':
        return lo >>> 0;
      case 'sint32':
        return (lo >>> 1) ^ -(lo & 1);
      case 'uint64':
        return hi >>> 0 < 0x200000 ? (hi >>> 0) * TWO_32 + (lo >>> 0) : (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
      case 'int64':
        return hi >>> 0 < 0x200000
          ? (hi >>> 0) * TWO_32 + (lo >>> 0)
          : BigInt.asIntN(64, (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0));
      default: {
        // sint64: zigzag
        const n = (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
        return (n >> 1n) ^ -(n & 1n);
      }
    }
  }

  /**
   * Whether the decimal digits of `v` hold the needle. Doubles print slowly (most stamps and ids are
   * past 2^31), so integers below 2^53 are matched by arithmetic: each suffix of `v`'s digits as
   * long as the needle, taken while `v` still has that many digits (so leading zeros count only
   * where the digits are really there).
   */
  private decimalHolds(v: number | bigint): boolean {
    if (typeof v === 'bigint' || Number.isNaN(this.needleValue)) return String(v).includes(this.needle);
    let n = Math.abs(v);
    if (n === 0) return this.needle === '0';
    const least = this.modulus / 10;
    for (; n >= least; n = Math.floor(n / 10)) if (n % this.modulus === this.needleValue) return true;
    return false;
  }

  /** A string's bytes: printable ASCII prints as itself; anything else (escapes, UTF-8) is decoded. */
  private inAscii(buf: Uint8Array, start: number, end: number): boolean {
    const d = this.digits;
    const first = d[0]!;
    for (let i = start; i < end; i++) {
      const b = buf[i]!;
      if (b < 0x20 || b >= 0x7f) throw new Undecided();
      if (b !== first || i + d.length > end) continue;
      let j = 1;
      while (j < d.length && buf[i + j] === d[j]) j++;
      if (j === d.length) return true;
    }
    return false;
  }

  private inBase64(buf: Uint8Array, start: number, len: number): boolean {
    return Buffer.from(buf.buffer, buf.byteOffset + start, len).toString('base64').includes(this.needle);
  }

  /** A varint of up to 32 significant bits (tags, lengths). */
  private varint32(buf: Uint8Array, end: number): number {
    this.varint64(buf, end);
    if (this.hi !== 0 || this.lo < 0) throw new Undecided();
    return this.lo;
  }

  /** Reads a varint into lo (low 32 bits, as int32) and hi (high 32 bits). */
  private varint64(buf: Uint8Array, end: number): void {
    let lo = 0;
    let hi = 0;
    let shift = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= end) throw new Undecided();
      const b = buf[this.pos++]!;
      if (shift < 28) lo |= (b & 0x7f) << shift;
      else if (shift === 28) {
        lo |= (b & 0x0f) << 28;
        hi |= (b & 0x7f) >>> 4;
      } else hi |= (b & 0x7f) << (shift - 32);
      if (b < 0x80) {
        this.lo = lo;
        this.hi = hi;
        return;
      }
      shift += 7;
    }
    throw new Undecided();
  }

  private skip(buf: Uint8Array, end: number, wire: number): void {
    if (wire === 0) this.varint64(buf, end);
    else if (wire === 1) this.pos += 8;
    else if (wire === 5) this.pos += 4;
    else if (wire === 2) this.pos += this.varint32(buf, end);
    else throw new Undecided(); // groups
    if (this.pos > end) throw new Undecided();
  }
}
