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

/**
 * How the walk reads a value, decided once per field (comparing type-name strings per value was
 * most of a search's time). Varint kinds first, so one comparison tells the wire form.
 */
const Kind = {
  Int32: 0,
  Uint32: 1,
  Sint32: 2,
  Int64: 3,
  Uint64: 4,
  Sint64: 5,
  Bool: 6,
  Enum: 7,
  Fixed32: 8,
  Sfixed32: 9,
  Float: 10,
  Fixed64: 11,
  Sfixed64: 12,
  Double: 13,
  String: 14,
  Bytes: 15,
  Message: 16,
  /** A type the walk does not know (groups…): the decoder decides. */
  Other: 17,
} as const;
const LAST_VARINT: number = Kind.Enum;
const KIND_OF: Record<string, number> = {
  int32: Kind.Int32,
  uint32: Kind.Uint32,
  sint32: Kind.Sint32,
  int64: Kind.Int64,
  uint64: Kind.Uint64,
  sint64: Kind.Sint64,
  bool: Kind.Bool,
  fixed32: Kind.Fixed32,
  sfixed32: Kind.Sfixed32,
  float: Kind.Float,
  fixed64: Kind.Fixed64,
  sfixed64: Kind.Sfixed64,
  double: Kind.Double,
  string: Kind.String,
  bytes: Kind.Bytes,
};
/** The wire type of one element of a packed field of each kind; -1 when it cannot be packed. */
const PACKED_WIRE = [0, 0, 0, 0, 0, 0, 0, 0, 5, 5, 5, 1, 1, 1, -1, -1, -1, -1];
const TWO_32 = 2 ** 32;
/** Below this high word a 64-bit magnitude fits a double exactly (2^53). */
const HI_EXACT = 0x200000;
const INT32_LIMIT = 2 ** 31;
/** Needles of up to 8 digits are matched on int32 halves of 8 digits each. */
const SHORT_NEEDLE = 8;
const HALF = 10 ** SHORT_NEEDLE;
const POW10 = Array.from({ length: SHORT_NEEDLE + 1 }, (_, i) => 10 ** i);
/** Field numbers up to this are looked up in an array; larger ones (rare) in a map. */
const DENSE_IDS = 4096;

/** Thrown by the walk when the bytes are not a well-formed message: the decoder then decides. */
class Undecided extends Error {}

/** One value's reading: its kind, its enum (to tell known values, printed as names), its message type. */
interface ValuePlan {
  readonly kind: number;
  readonly enumType: protobuf.Enum | undefined;
  readonly messageType: protobuf.Type | undefined;
  /** The message type's plan, made on first use (types may be recursive). */
  plan: TypePlan | undefined;
}
interface FieldPlan {
  readonly value: ValuePlan;
  /** For map fields, the key's reading (the value's is `value`). */
  readonly mapKey: ValuePlan | undefined;
}
/** A message type's fields by number, and whether it prints in a JSON form of its own (well-known types). */
interface TypePlan {
  readonly wellKnown: boolean;
  readonly dense: (FieldPlan | undefined)[];
  readonly sparse: Map<number, FieldPlan>;
}

function valuePlan(typeName: string, resolved: protobuf.Type | protobuf.Enum | null | undefined): ValuePlan {
  if (resolved && 'fieldsArray' in resolved) return { kind: Kind.Message, enumType: undefined, messageType: resolved, plan: undefined };
  if (resolved && 'values' in resolved) return { kind: Kind.Enum, enumType: resolved, messageType: undefined, plan: undefined };
  return { kind: KIND_OF[typeName] ?? Kind.Other, enumType: undefined, messageType: undefined, plan: undefined };
}

function typePlan(type: protobuf.Type): TypePlan {
  const plan: TypePlan = { wellKnown: type.fullName.startsWith('.google.protobuf.'), dense: [], sparse: new Map() };
  for (const f of type.fieldsArray) {
    f.resolve();
    const fp: FieldPlan = f.map
      ? { value: valuePlan(f.type, f.resolvedType), mapKey: valuePlan((f as unknown as protobuf.MapField).keyType, undefined) }
      : { value: valuePlan(f.type, f.resolvedType), mapKey: undefined };
    if (f.id < DENSE_IDS) plan.dense[f.id] = fp;
    else plan.sparse.set(f.id, fp);
  }
  return plan;
}

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
  const plan = typePlan(type);
  return (bytes) => {
    try {
      return !walk.message(bytes, 0, bytes.length, plan);
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

/**
 * Whether a window of `len` digits of the non-negative int32 `n`, from its last digit on, equals
 * `want`. Windows are taken only where `n` has `len` digits left (a shorter rest would need
 * leading zeros, which are not printed), unless `lowHalf`: then `n` is the low 8 digits of a split
 * number, whose leading zeros are real digits, and all its 9 - len windows are taken. The modulus
 * is a literal per length so that each `%` compiles to a multiply: the inner loop of a number search.
 */
function windows(n: number, len: number, want: number, lowHalf: boolean): boolean {
  const count = lowHalf ? SHORT_NEEDLE - len + 1 : SHORT_NEEDLE + 2; // an int32 has at most 10 digits
  switch (len) {
    case 1:
      return windowsOf(n, lowHalf ? 0 : 1, count, 10, want);
    case 2:
      return windowsOf(n, lowHalf ? 0 : 10, count, 100, want);
    case 3:
      return windowsOf(n, lowHalf ? 0 : 100, count, 1000, want);
    case 4:
      return windowsOf(n, lowHalf ? 0 : 1000, count, 10000, want);
    case 5:
      return windowsOf(n, lowHalf ? 0 : 10000, count, 100000, want);
    case 6:
      return windowsOf(n, lowHalf ? 0 : 100000, count, 1000000, want);
    case 7:
      return windowsOf(n, lowHalf ? 0 : 1000000, count, 10000000, want);
    default:
      return windowsOf(n, lowHalf ? 0 : 10000000, count, 100000000, want);
  }
}

function windowsOf(n: number, least: number, count: number, modulus: number, want: number): boolean {
  for (let i = 0; i < count && n >= least; i++, n = (n / 10) | 0) if (n % modulus === want) return true;
  return false;
}

/** Reads one message's wire bytes and answers whether its JSON may hold the needle. */
class WireWalk {
  private readonly digits: Uint8Array;
  /** The needle as a number and 10^(its length), for matching integers without printing them. */
  private readonly needleValue: number;
  private readonly modulus: number;
  /** 10^(length - 1): a number below it has fewer digits than the needle. */
  private readonly least: number;
  private readonly short: boolean;
  private pos = 0;
  private lo = 0;
  private hi = 0;

  constructor(private readonly needle: string) {
    this.digits = Uint8Array.from(needle, (c) => c.charCodeAt(0));
    this.needleValue = needle.length <= 15 ? Number(needle) : NaN;
    this.modulus = 10 ** needle.length;
    this.least = this.modulus / 10;
    this.short = needle.length <= SHORT_NEEDLE;
  }

  /** True when the message in buf[start, end) may hold the needle in its JSON. */
  message(buf: Uint8Array, start: number, end: number, plan: TypePlan): boolean {
    // A well-known type prints in its own form (RFC 3339, "1.5s", wrappers…): decode.
    if (plan.wellKnown) return true;
    this.pos = start;
    while (this.pos < end) {
      const tag = this.varint32(buf, end);
      const id = tag >>> 3;
      const field = id < DENSE_IDS ? plan.dense[id] : plan.sparse.get(id);
      if (field === undefined) {
        this.skip(buf, end, tag & 7); // unknown fields are not printed
        continue;
      }
      if (field.mapKey === undefined ? this.value(buf, end, tag & 7, field.value) : this.mapEntry(buf, end, tag & 7, field))
        return true;
    }
    if (this.pos !== end) throw new Undecided();
    return false;
  }

  private mapEntry(buf: Uint8Array, end: number, wire: number, field: FieldPlan): boolean {
    if (wire !== 2) throw new Undecided();
    const len = this.varint32(buf, end);
    const entryEnd = this.pos + len;
    if (entryEnd > end) throw new Undecided();
    while (this.pos < entryEnd) {
      const tag = this.varint32(buf, entryEnd);
      const n = tag >>> 3;
      const held =
        n === 1
          ? this.value(buf, entryEnd, tag & 7, field.mapKey!)
          : n === 2
            ? this.value(buf, entryEnd, tag & 7, field.value)
            : (this.skip(buf, entryEnd, tag & 7), false);
      if (held) return true;
    }
    return false;
  }

  /** One value, read as `vp` says. */
  private value(buf: Uint8Array, end: number, wire: number, vp: ValuePlan): boolean {
    const kind = vp.kind;
    if (kind === Kind.Message) {
      if (wire !== 2) throw new Undecided();
      const len = this.varint32(buf, end);
      const at = this.pos;
      if (at + len > end) throw new Undecided();
      const held = this.message(buf, at, at + len, (vp.plan ??= typePlan(vp.messageType!)));
      this.pos = at + len;
      return held;
    }
    if (wire === 2) {
      const len = this.varint32(buf, end);
      const at = this.pos;
      const stop = at + len;
      if (stop > end) throw new Undecided();
      if (kind === Kind.String) return (this.pos = stop), this.inAscii(buf, at, stop);
      if (kind === Kind.Bytes) return (this.pos = stop), this.inBase64(buf, at, len);
      // A packed repeated number: each element as it would be alone.
      const elementWire = PACKED_WIRE[kind]!;
      if (elementWire < 0) throw new Undecided();
      while (this.pos < stop) if (this.number(buf, stop, elementWire, vp)) return true;
      if (this.pos !== stop) throw new Undecided();
      return false;
    }
    return this.number(buf, end, wire, vp);
  }

  private number(buf: Uint8Array, end: number, wire: number, vp: ValuePlan): boolean {
    const kind = vp.kind;
    if (kind <= LAST_VARINT) {
      if (wire !== 0) throw new Undecided();
      this.varint64(buf, end);
      const lo = this.lo;
      const hi = this.hi >>> 0;
      switch (kind) {
        case Kind.Bool:
          return false; // true / false
        case Kind.Enum:
          // A known enum value prints as its name (checked up front not to hold the needle).
          return vp.enumType!.valuesById[lo | 0] === undefined && this.decimalHolds(lo | 0);
        case Kind.Int32:
          return this.decimalHolds(lo | 0);
        case Kind.Uint32:
          return this.decimalHolds(lo >>> 0);
        case Kind.Sint32:
          return this.decimalHolds((lo >>> 1) ^ -(lo & 1));
        case Kind.Uint64:
          return this.decimalHolds(hi < HI_EXACT ? hi * TWO_32 + (lo >>> 0) : (BigInt(hi) << 32n) | BigInt(lo >>> 0));
        case Kind.Int64: {
          if (hi < HI_EXACT) return this.decimalHolds(hi * TWO_32 + (lo >>> 0));
          if (hi < 0x80000000) return this.decimalHolds((BigInt(hi) << 32n) | BigInt(lo >>> 0));
          // Negative: the digits are those of its magnitude (two's complement negated).
          const mlo = (~lo + 1) >>> 0;
          const mhi = (~hi + (mlo === 0 ? 1 : 0)) >>> 0;
          return this.decimalHolds(mhi < HI_EXACT ? mhi * TWO_32 + mlo : (BigInt(mhi) << 32n) | BigInt(mlo));
        }
        default: {
          // sint64, zigzag: n/2 for even n, -(n+1)/2 for odd; exact while n is below 2^53
          if (hi < HI_EXACT) {
            const n = hi * TWO_32 + (lo >>> 0);
            return this.decimalHolds(lo & 1 ? (n + 1) / 2 : n / 2);
          }
          const n = (BigInt(hi) << 32n) | BigInt(lo >>> 0);
          return this.decimalHolds((n >> 1n) ^ -(n & 1n));
        }
      }
    }
    if (kind === Kind.Fixed32 || kind === Kind.Sfixed32) {
      if (wire !== 5 || this.pos + 4 > end) throw new Undecided();
      const p = this.pos;
      const v = buf[p]! | (buf[p + 1]! << 8) | (buf[p + 2]! << 16) | (buf[p + 3]! << 24);
      this.pos = p + 4;
      return this.decimalHolds(kind === Kind.Fixed32 ? v >>> 0 : v);
    }
    if (kind === Kind.Fixed64 || kind === Kind.Sfixed64) {
      if (wire !== 1 || this.pos + 8 > end) throw new Undecided();
      const view = new DataView(buf.buffer, buf.byteOffset + this.pos, 8);
      this.pos += 8;
      return this.decimalHolds(kind === Kind.Fixed64 ? view.getBigUint64(0, true) : view.getBigInt64(0, true));
    }
    throw new Undecided(); // floats and doubles print in forms of their own; a wrong wire type
  }

  /**
   * Whether the decimal digits of `v` (its magnitude: a minus sign is not a digit) hold the needle,
   * without printing `v` (printing a double is slow, and most stamps and ids are past 2^31): each
   * window of the needle's length over the digits is compared as a number, taken only where `v`
   * really has those digits (so a needle's leading zeros match only real zeros). Below 2^31 on
   * int32 arithmetic; up to 2^53 split into two int32 halves, the low one of exactly 8 digits, and
   * the windows across the split joined from both. Longer needles and bigints take the general path.
   */
  private decimalHolds(v: number | bigint): boolean {
    if (typeof v === 'bigint' || !this.short) return this.decimalHoldsSlow(v);
    const n = v < 0 ? -v : v;
    if (n === 0) return this.needle === '0';
    const len = this.digits.length;
    const want = this.needleValue;
    if (n < INT32_LIMIT) return windows(n, len, want, false);
    const top = Math.floor(n / HALF); // n < 2^53: top < 2^27
    const bot = n - top * HALF; // the low 8 digits, all real since top > 0
    if (windows(top, len, want, false) || windows(bot, len, want, true)) return true;
    // k digits from the end of top, len - k from the front of bot's 8
    for (let k = 1; k < len; k++) {
      if (top < POW10[k - 1]!) break;
      if ((top % POW10[k]!) * POW10[len - k]! + ((bot / POW10[SHORT_NEEDLE - len + k]!) | 0) === want) return true;
    }
    return false;
  }

  private decimalHoldsSlow(v: number | bigint): boolean {
    if (typeof v === 'bigint' || Number.isNaN(this.needleValue)) return String(v).includes(this.needle);
    let n = Math.abs(v);
    if (n === 0) return this.needle === '0';
    for (; n >= this.least; n = Math.floor(n / 10)) if (n % this.modulus === this.needleValue) return true;
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

  /** A varint of up to 32 significant bits (tags, lengths); most are one byte. */
  private varint32(buf: Uint8Array, end: number): number {
    const p = this.pos;
    if (p < end) {
      const b = buf[p]!;
      if (b < 0x80) {
        this.pos = p + 1;
        return b;
      }
    }
    this.varint64(buf, end);
    if (this.hi !== 0 || this.lo < 0) throw new Undecided();
    return this.lo;
  }

  /** Reads a varint into lo (low 32 bits, as int32) and hi (high 32 bits). */
  private varint64(buf: Uint8Array, end: number): void {
    let p = this.pos;
    let lo = 0;
    let hi = 0;
    for (let shift = 0; shift < 70; shift += 7) {
      if (p >= end) throw new Undecided();
      const b = buf[p++]!;
      if (shift < 28) lo |= (b & 0x7f) << shift;
      else if (shift === 28) {
        lo |= (b & 0x0f) << 28;
        hi |= (b & 0x7f) >>> 4;
      } else hi |= (b & 0x7f) << (shift - 32);
      if (b < 0x80) {
        this.pos = p;
        this.lo = lo;
        this.hi = hi;
        return;
      }
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
