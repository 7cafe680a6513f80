/**
 * Seeded random JSON for any protobufjs message type, in the forms the proto3
 * JSON mapping accepts: field names as declared or in lowerCamelCase, 64-bit
 * integers as strings or numbers, enums by name or number (unknown numbers
 * too), floats at their edges ("NaN", "±Infinity", -0, subnormals), every
 * well-known type up to its range limits, Any of messages and of well-known
 * types, nested Any, Struct/Value/ListValue nesting.
 */
import * as protobuf from 'protobufjs';

/** A number literal written exactly as given (-0.0, 9007199254740993, 1e-300). */
export class Literal {
  constructor(readonly text: string) {}
}

/** mulberry32: small, fast, and the same sequence on every machine for one seed. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INT_RANGES: Record<string, [bigint, bigint]> = {
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  sint32: [-(2n ** 31n), 2n ** 31n - 1n],
  sfixed32: [-(2n ** 31n), 2n ** 31n - 1n],
  uint32: [0n, 2n ** 32n - 1n],
  fixed32: [0n, 2n ** 32n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  sint64: [-(2n ** 63n), 2n ** 63n - 1n],
  sfixed64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
  fixed64: [0n, 2n ** 64n - 1n],
};

const DOUBLES = [0, 1, -1, 0.5, -2.25, 1e-300, -1e300, 5e-324, 1.7976931348623157e308, 2 ** 53 + 2, 0.1, 123456.789];
const FLOATS = [0, 1, -1, 0.5, 3.4028234663852886e38, -3.4028234663852886e38, 1.401298464324817e-45, 0.1, 1e-10, 16777217];
const STRINGS = ['', 'a', 'héllo wörld', '日本語', '😀 emoji', 'quote " and \\ backslash', 'tab\tnew\nline', '\u0000nul', '\u2028sep', '<>&\''];
const SPECIAL_WKT = new Set(
  ['Any', 'Duration', 'Timestamp', 'FieldMask', 'Struct', 'Value', 'ListValue', 'Empty']
    .concat(['Double', 'Float', 'Int64', 'UInt64', 'Int32', 'UInt32', 'Bool', 'String', 'Bytes'].map((n) => `${n}Value`))
    .map((n) => `google.protobuf.${n}`),
);
const WRAPPED: Record<string, string> = {
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

const nameOf = (t: protobuf.ReflectionObject) => t.fullName.replace(/^\./, '');

export class Generator {
  private readonly rnd: () => number;
  /** Message types an Any may hold: every message type of the root, the well-known ones included. */
  private readonly anyTypes: protobuf.Type[];

  constructor(
    private readonly root: protobuf.Root,
    seed: number,
  ) {
    this.rnd = random(seed);
    const found: protobuf.Type[] = [];
    const walk = (ns: protobuf.NamespaceBase) => {
      for (const child of ns.nestedArray) {
        if (child instanceof protobuf.Type) found.push(child);
        if (child instanceof protobuf.Namespace || child instanceof protobuf.Type) walk(child as protobuf.NamespaceBase);
      }
    };
    walk(root);
    this.anyTypes = found.filter((t) => (nameOf(t).startsWith('google.protobuf.') ? SPECIAL_WKT.has(nameOf(t)) : true));
  }

  private int(n: number): number {
    return Math.floor(this.rnd() * n);
  }
  private pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)]!;
  }
  private chance(p: number): boolean {
    return this.rnd() < p;
  }

  /** A random message of `type` as a JSON value (Literal for number literals). */
  message(type: protobuf.Type, depth = 0): unknown {
    const special = this.wellKnown(type, depth);
    if (special !== undefined) return special.value;
    const out: Record<string, unknown> = {};
    const oneofsSet = new Set<protobuf.OneOf>();
    for (const field of type.fieldsArray) {
      field.resolve();
      if (!this.chance(depth === 0 ? 0.6 : 0.35)) continue;
      if (field.partOf) {
        if (oneofsSet.has(field.partOf)) continue;
        oneofsSet.add(field.partOf);
      }
      const fieldType = field.resolvedType;
      // Recursion ends: deeper levels set fewer messages.
      if (fieldType instanceof protobuf.Type && depth >= 2 && !SPECIAL_WKT.has(nameOf(fieldType))) continue;
      const key = this.chance(0.5) ? field.jsonName ?? field.name : ((field as any).protoName ?? field.name);
      out[key] = this.field(field, depth);
    }
    return out;
  }

  private field(field: protobuf.Field, depth: number): unknown {
    if (field.map) {
      const entries: Record<string, unknown> = {};
      for (let i = this.int(4); i > 0; i--) entries[this.mapKey((field as unknown as protobuf.MapField).keyType)] = this.single(field, depth);
      return entries;
    }
    if (field.repeated) return Array.from({ length: this.int(4) }, () => this.single(field, depth));
    return this.single(field, depth);
  }

  private single(field: protobuf.Field, depth: number): unknown {
    const t = field.resolvedType;
    if (t instanceof protobuf.Type) return this.message(t, depth + 1);
    if (t instanceof protobuf.Enum) return this.enumValue(t);
    return this.scalar(field.type);
  }

  private mapKey(keyType: string): string {
    if (keyType === 'string') return this.pick(STRINGS) + this.int(100);
    if (keyType === 'bool') return this.pick(['true', 'false']);
    return this.integer(keyType).toString();
  }

  private enumValue(e: protobuf.Enum): unknown {
    if (nameOf(e) === 'google.protobuf.NullValue') return null;
    if (this.chance(0.7)) return this.pick(Object.keys(e.values));
    return new Literal(String(this.chance(0.5) ? this.pick(Object.values(e.values)) : this.pick([7, 99, -42, 2147483647])));
  }

  private integer(type: string): bigint {
    const [min, max] = INT_RANGES[type]!;
    switch (this.int(6)) {
      case 0: return min;
      case 1: return max;
      case 2: return 0n;
      case 3: return min < 0n ? -1n : 1n;
      case 4: return max > 2n ** 53n ? 2n ** 53n + 1n : max - 1n;
      default: {
        const span = max - min;
        const r = (BigInt(this.int(2 ** 30)) << 34n) ^ BigInt(this.int(2 ** 30)) ^ (BigInt(this.int(2 ** 30)) << 15n);
        return min + (r % span);
      }
    }
  }

  private float(type: string): unknown {
    if (this.chance(0.1)) return this.pick(['NaN', 'Infinity', '-Infinity']);
    if (this.chance(0.1)) return new Literal('-0.0');
    const v = this.chance(0.5) ? this.pick(type === 'float' ? FLOATS : DOUBLES) : (this.rnd() - 0.5) * 10 ** this.int(12);
    const n = type === 'float' ? Math.fround(v) : v;
    return this.chance(0.15) ? String(n) : new Literal(String(n));
  }

  scalar(type: string): unknown {
    switch (type) {
      case 'double':
      case 'float':
        return this.float(type);
      case 'bool':
        return this.chance(0.5);
      case 'string':
        return this.pick(STRINGS);
      case 'bytes': {
        const bytes = Buffer.from(Array.from({ length: this.int(7) }, () => this.int(256)));
        return this.chance(0.8) ? bytes.toString('base64') : bytes.toString('base64url');
      }
      default: {
        const n = this.integer(type);
        // 64-bit integers are strings by the mapping, but numbers are read too; 32-bit ones likewise.
        return this.chance(0.5) ? n.toString() : new Literal(n.toString());
      }
    }
  }

  private wellKnown(type: protobuf.Type, depth: number): { value: unknown } | undefined {
    const name = nameOf(type);
    if (!SPECIAL_WKT.has(name)) return undefined;
    const scalar = WRAPPED[name];
    if (scalar) return { value: this.scalar(scalar) };
    switch (name) {
      case 'google.protobuf.Timestamp': return { value: this.timestamp() };
      case 'google.protobuf.Duration': return { value: this.duration() };
      case 'google.protobuf.FieldMask':
        return { value: Array.from({ length: this.int(3) }, () => this.pick(['fInt32', 'scalars.fBool', 'wellKnown.anyThing', 'a.b.c'])).join(',') };
      case 'google.protobuf.Struct': return { value: this.jsonObject(depth) };
      case 'google.protobuf.ListValue': return { value: this.jsonArray(depth) };
      case 'google.protobuf.Value': return { value: this.json(depth) };
      case 'google.protobuf.Empty': return { value: {} };
      default: return { value: this.any(depth) };
    }
  }

  private any(depth: number): unknown {
    if (this.chance(0.05)) return {};
    const candidates = depth >= 3 ? this.anyTypes.filter((t) => SPECIAL_WKT.has(nameOf(t)) && nameOf(t) !== 'google.protobuf.Any') : this.anyTypes;
    const inner = this.pick(candidates);
    const url = `type.googleapis.com/${nameOf(inner)}`;
    const body = this.message(inner, depth + 1);
    if (SPECIAL_WKT.has(nameOf(inner)) && nameOf(inner) !== 'google.protobuf.Empty') return { '@type': url, value: body };
    return { '@type': url, ...(body as object) };
  }

  private timestamp(): string {
    const min = -62135596800;
    const max = 253402300799;
    const seconds = this.pick([min, max, 0, -1, min + this.int(max - min)]);
    const nanos = this.pick([0, 999999999, 1, 500000000, 123000, this.int(1e9)]);
    const iso = new Date(seconds * 1000).toISOString().replace(/\.\d+Z$/, '');
    const fraction = nanos ? `.${String(nanos).padStart(9, '0').replace(/(?:000)+$/, '')}` : '';
    if (this.chance(0.2) && seconds > min + 86400 && seconds < max - 86400) {
      // The same instant written with an offset.
      const offset = this.pick([60, -90, 330, -720]);
      const local = new Date((seconds + offset * 60) * 1000).toISOString().replace(/\.\d+Z$/, '');
      const sign = offset < 0 ? '-' : '+';
      const abs = Math.abs(offset);
      return `${local}${fraction}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
    }
    return `${iso}${fraction}Z`;
  }

  private duration(): string {
    const max = 315576000000;
    const seconds = this.pick([0, 1, max, this.int(max), this.int(1000)]);
    const nanos = seconds === max ? 0 : this.pick([0, 999999999, 1, 500000000, this.int(1e9)]);
    const negative = this.chance(0.4) && (seconds !== 0 || nanos !== 0);
    const fraction = nanos ? `.${String(nanos).padStart(9, '0')}`.replace(/(?:000)+$/, '') : '';
    return `${negative ? '-' : ''}${seconds}${fraction}s`;
  }

  private json(depth: number): unknown {
    switch (depth >= 5 ? this.int(4) : this.int(6)) {
      case 0: return null;
      case 1: return this.chance(0.5);
      case 2: return this.pick(STRINGS);
      case 3: return new Literal(String(this.pick([0, 1, -1, 0.5, 1e300, -2.5e-300, 2 ** 53, this.rnd() * 1000])));
      case 4: return this.jsonObject(depth + 1);
      default: return this.jsonArray(depth + 1);
    }
  }

  private jsonObject(depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (let i = this.int(4); i > 0; i--) out[this.pick(STRINGS) + i] = this.json(depth + 1);
    return out;
  }

  private jsonArray(depth: number): unknown[] {
    return Array.from({ length: this.int(4) }, () => this.json(depth + 1));
  }
}

/** JSON text of a generated value; Literals are written as they are. */
export function toText(value: unknown): string {
  if (value instanceof Literal) return value.text;
  if (Array.isArray(value)) return `[${value.map(toText).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${toText(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
