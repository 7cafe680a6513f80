import * as protobuf from 'protobufjs';

/**
 * Encodes a message object (what ./build.ts makes) to protobuf bytes: the same
 * bytes as protobufjs's `type.encode(message).finish()`, with two changes that
 * matter for large requests. The size is computed first, so the bytes are
 * written once into a buffer of the exact size (protobufjs's writer grows by
 * doubling and copies, holding up to twice the output). And 64-bit integers
 * are read from decimal strings, bigints or numbers without a Long object
 * per value (protobufjs makes one for every string it writes).
 * `encodedSize` is the first pass alone: the exact size, nothing allocated.
 */
export function encodeMessage(type: protobuf.Type, message: Record<string, unknown>): Uint8Array {
  const sizes: number[] = [];
  const total = sizeOfMessage(type, message, sizes);
  const w = new Out(total, sizes);
  writeMessage(w, type, message);
  // The buffer is not zeroed: a size pass that disagreed with the writer would send stale memory.
  if (w.pos !== total) throw new Error(`internal error: ${type.fullName} sized ${total} bytes but wrote ${w.pos}`);
  return w.buf;
}

/** The exact encoded size of `message` in bytes. */
export function encodedSize(type: protobuf.Type, message: Record<string, unknown>): number {
  return sizeOfMessage(type, message, []);
}

const WIRE: Record<string, number> = {
  double: 1, float: 5, int32: 0, uint32: 0, sint32: 0, fixed32: 5, sfixed32: 5,
  int64: 0, uint64: 0, sint64: 0, fixed64: 1, sfixed64: 1, bool: 0, string: 2, bytes: 2,
};
const PACKABLE = new Set(Object.keys(WIRE).filter((t) => t !== 'string' && t !== 'bytes'));

interface FieldPlan {
  readonly name: string;
  readonly id: number;
  /** Scalar type name ('int32' for enums), or undefined for a message field. */
  readonly scalar: string | undefined;
  readonly message: protobuf.Type | undefined;
  readonly kind: 'map' | 'packed' | 'repeated' | 'single';
  /** Proto2 groups: start/end tags instead of a length. */
  readonly delimited: boolean;
  /** A singular scalar without presence: its default value is not written. */
  readonly implicit: boolean;
  readonly keyType: string;
}

const plans = new WeakMap<protobuf.Type, FieldPlan[]>();

/** The type's fields in field-number order, as protobufjs writes them. */
function planOf(type: protobuf.Type): FieldPlan[] {
  let plan = plans.get(type);
  if (plan) return plan;
  plan = type.fieldsArray
    .slice()
    .sort((a, b) => a.id - b.id)
    .map((f) => {
      f.resolve();
      const isEnum = f.resolvedType instanceof protobuf.Enum;
      const message = f.resolvedType instanceof protobuf.Type ? f.resolvedType : undefined;
      const scalar = message ? undefined : isEnum ? 'int32' : f.type;
      const kind = f.map ? 'map' : !f.repeated ? 'single' : f.packed && PACKABLE.has(scalar ?? '') ? 'packed' : 'repeated';
      const delimited = Boolean((f as unknown as { delimited?: boolean }).delimited);
      return {
        name: f.name, id: f.id, scalar, message, kind, delimited,
        implicit: kind === 'single' && !f.required && !f.hasPresence && !message,
        keyType: (f as unknown as protobuf.MapField).keyType ?? '',
      };
    });
  plans.set(type, plan);
  return plan;
}

const has = (m: Record<string, unknown>, name: string) =>
  m[name] !== null && m[name] !== undefined && Object.prototype.hasOwnProperty.call(m, name);

// ---- pass 1: sizes. `sizes` receives, in write order, every length the second pass prefixes.

function sizeOfMessage(type: protobuf.Type, m: Record<string, unknown>, sizes: number[]): number {
  let n = 0;
  for (const f of planOf(type)) {
    if (!has(m, f.name)) continue;
    const value = m[f.name];
    const tag = varintSize(f.id << 3);
    switch (f.kind) {
      case 'single':
        if (f.implicit && isDefault(f.scalar!, value)) break;
        n += tag + sizeOfValue(f, value, sizes);
        break;
      case 'packed': {
        const list = value as unknown[];
        if (!list.length) break;
        let body = 0;
        for (const v of list) body += scalarSize(f.scalar!, v);
        sizes.push(body);
        n += tag + varintSize(body) + body;
        break;
      }
      case 'repeated':
        for (const v of value as unknown[]) n += tag + sizeOfValue(f, v, sizes);
        break;
      case 'map': {
        const entries = value as Record<string, unknown>;
        for (const key of Object.keys(entries)) {
          const at = sizes.push(0) - 1; // the entry's length, known after its value's
          const keySize = 1 + scalarSize(f.keyType, mapKey(f.keyType, key));
          const valueSize = 1 + sizeOfValue(f, entries[key], sizes);
          sizes[at] = keySize + valueSize;
          n += tag + varintSize(keySize + valueSize) + keySize + valueSize;
        }
        break;
      }
    }
  }
  return n;
}

/** A value after its tag: a scalar, or a message with its length (or end-group tag). */
function sizeOfValue(f: FieldPlan, value: unknown, sizes: number[]): number {
  if (!f.message) return scalarSize(f.scalar!, value);
  const at = sizes.push(0) - 1;
  const body = sizeOfMessage(f.message, value as Record<string, unknown>, sizes);
  sizes[at] = body;
  return f.delimited ? body + varintSize((f.id << 3) | 4) : varintSize(body) + body;
}

function scalarSize(type: string, v: unknown): number {
  switch (type) {
    case 'double':
    case 'fixed64':
    case 'sfixed64':
      return 8;
    case 'float':
    case 'fixed32':
    case 'sfixed32':
      return 4;
    case 'bool':
      return 1;
    case 'int32':
      return (v as number) < 0 ? 10 : varintSize(v as number);
    case 'uint32':
      return varintSize((v as number) >>> 0);
    case 'sint32':
      return varintSize((((v as number) << 1) ^ ((v as number) >> 31)) >>> 0);
    case 'string': {
      const len = Buffer.byteLength(v as string, 'utf8');
      return varintSize(len) + len;
    }
    case 'bytes': {
      const len = bytesOf(v).length;
      return varintSize(len) + len;
    }
    default:
      bits64(v, type === 'sint64');
      return varint64Size(LO, HI);
  }
}

function varintSize(v: number): number {
  return v < 0x80 ? 1 : v < 0x4000 ? 2 : v < 0x200000 ? 3 : v < 0x10000000 ? 4 : 5;
}

function varint64Size(lo: number, hi: number): number {
  if (hi === 0) return varintSize(lo);
  return hi < 0x8 ? 5 : hi < 0x400 ? 6 : hi < 0x20000 ? 7 : hi < 0x1000000 ? 8 : hi < 0x80000000 ? 9 : 10;
}

// ---- pass 2: bytes.

class Out {
  readonly buf: Uint8Array;
  readonly view: DataView;
  pos = 0;
  private next = 0; // the next entry of `sizes`
  constructor(size: number, private readonly sizes: number[]) {
    this.buf = Buffer.allocUnsafeSlow(size); // not from Node's shared pool: the caller may transfer it
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, size);
  }
  size(): number {
    return this.sizes[this.next++]!;
  }
  varint(v: number): void {
    while (v > 0x7f) {
      this.buf[this.pos++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buf[this.pos++] = v;
  }
  varint64(lo: number, hi: number): void {
    while (hi) {
      this.buf[this.pos++] = (lo & 0x7f) | 0x80;
      lo = ((lo >>> 7) | (hi << 25)) >>> 0;
      hi >>>= 7;
    }
    this.varint(lo);
  }
}

function writeMessage(w: Out, type: protobuf.Type, m: Record<string, unknown>): void {
  for (const f of planOf(type)) {
    if (!has(m, f.name)) continue;
    const value = m[f.name];
    switch (f.kind) {
      case 'single':
        if (f.implicit && isDefault(f.scalar!, value)) break;
        writeField(w, f, value);
        break;
      case 'packed': {
        const list = value as unknown[];
        if (!list.length) break;
        w.varint(((f.id << 3) | 2) >>> 0);
        w.varint(w.size());
        for (const v of list) writeScalar(w, f.scalar!, v);
        break;
      }
      case 'repeated':
        for (const v of value as unknown[]) writeField(w, f, v);
        break;
      case 'map': {
        const entries = value as Record<string, unknown>;
        for (const key of Object.keys(entries)) {
          w.varint(((f.id << 3) | 2) >>> 0);
          w.varint(w.size());
          w.varint(8 | WIRE[f.keyType]!);
          writeScalar(w, f.keyType, mapKey(f.keyType, key));
          if (f.message) {
            w.varint(18);
            w.varint(w.size());
            writeMessage(w, f.message, entries[key] as Record<string, unknown>);
          } else {
            w.varint(16 | WIRE[f.scalar!]!);
            writeScalar(w, f.scalar!, entries[key]);
          }
        }
        break;
      }
    }
  }
}

function writeField(w: Out, f: FieldPlan, value: unknown): void {
  if (!f.message) {
    w.varint(((f.id << 3) | WIRE[f.scalar!]!) >>> 0);
    writeScalar(w, f.scalar!, value);
  } else if (f.delimited) {
    w.varint(((f.id << 3) | 3) >>> 0);
    w.size();
    writeMessage(w, f.message, value as Record<string, unknown>);
    w.varint(((f.id << 3) | 4) >>> 0);
  } else {
    w.varint(((f.id << 3) | 2) >>> 0);
    w.varint(w.size());
    writeMessage(w, f.message, value as Record<string, unknown>);
  }
}

function writeScalar(w: Out, type: string, v: unknown): void {
  switch (type) {
    case 'double':
      w.view.setFloat64(w.pos, v as number, true);
      w.pos += 8;
      return;
    case 'float':
      w.view.setFloat32(w.pos, v as number, true);
      w.pos += 4;
      return;
    case 'fixed32':
    case 'sfixed32':
      w.view.setUint32(w.pos, (v as number) >>> 0, true);
      w.pos += 4;
      return;
    case 'fixed64':
    case 'sfixed64': {
      bits64(v, false);
      w.view.setUint32(w.pos, LO, true);
      w.view.setUint32(w.pos + 4, HI, true);
      w.pos += 8;
      return;
    }
    case 'bool':
      w.buf[w.pos++] = v ? 1 : 0;
      return;
    case 'int32':
      if ((v as number) < 0) {
        bits64(v as number, false);
        w.varint64(LO, HI);
      }
      else w.varint(v as number);
      return;
    case 'uint32':
      w.varint((v as number) >>> 0);
      return;
    case 'sint32':
      w.varint((((v as number) << 1) ^ ((v as number) >> 31)) >>> 0);
      return;
    case 'string': {
      const len = Buffer.byteLength(v as string, 'utf8');
      w.varint(len);
      (w.buf as Buffer).write(v as string, w.pos, len, 'utf8');
      w.pos += len;
      return;
    }
    case 'bytes': {
      const bytes = bytesOf(v);
      w.varint(bytes.length);
      w.buf.set(bytes, w.pos);
      w.pos += bytes.length;
      return;
    }
    default:
      bits64(v, type === 'sint64');
      w.varint64(LO, HI);
  }
}

// ---- values

/** Zero, "", false, empty bytes: not written for a field without presence. -0 is written. */
function isDefault(type: string, v: unknown): boolean {
  if (typeof v === 'number') return Object.is(v, 0);
  if (typeof v === 'string') return type === 'string' ? v === '' : type === 'bytes' ? v === '' : /^-?0$/.test(v);
  if (typeof v === 'bigint') return v === 0n;
  if (typeof v === 'boolean') return !v;
  if (v instanceof Uint8Array) return v.length === 0;
  if (isLong(v)) return !v.low && !v.high;
  return false;
}

/** Map keys are JSON strings: "true"/"false" for bool keys, decimal text for integer keys. */
function mapKey(keyType: string, key: string): unknown {
  if (keyType === 'bool') return key === 'true' || key === '1';
  if (keyType === 'string' || keyType.endsWith('64')) return key; // 64-bit keys: decimal text, read by bits64
  return Number(key);
}

function bytesOf(v: unknown): Uint8Array {
  if (v instanceof Uint8Array) return v;
  const text = String(v); // base64, as protobufjs also accepts
  const out = new Uint8Array(protobuf.util.base64.length(text));
  protobuf.util.base64.decode(text, out, 0);
  return out;
}

interface LongLike {
  low: number;
  high: number;
}
function isLong(v: unknown): v is LongLike {
  return typeof v === 'object' && v !== null && typeof (v as LongLike).low === 'number' && typeof (v as LongLike).high === 'number';
}

const TWO_32 = 4294967296;

/**
 * The last 64-bit value bits64 read, as two unsigned 32-bit halves: kept here
 * rather than returned in an array, one array per integer of a long list.
 */
let LO = 0;
let HI = 0;
function set(lo: number, hi: number): void {
  LO = lo;
  HI = hi;
}

/**
 * Sets LO and HI to the two 32-bit halves of a 64-bit integer given as a decimal
 * string, a bigint, a number or a Long, two's complement; zig-zag encoded for
 * sint64. Numbers below 2^52 and long decimal text (decimalBits) need no
 * bigint; bigints, Longs and zig-zagged text take one transient bigint.
 */
function bits64(v: unknown, zigzag: boolean): void {
  let n: number | bigint;
  if (typeof v === 'number') n = Math.trunc(v);
  else if (typeof v === 'bigint') n = v;
  else if (typeof v === 'string') {
    if (v.length > 15 && !zigzag) return decimalBits(v); // validate.ts gave canonical digits
    n = v.length <= 15 ? Number(v) : BigInt(v);
  }
  else if (isLong(v)) n = (BigInt(v.high >>> 0) << 32n) | BigInt(v.low >>> 0);
  else n = 0;
  // Zig-zag doubles the magnitude: past 2^52 that leaves the exact range of a number.
  if (typeof n === 'number' && !(Math.abs(n) < 2 ** 52)) n = BigInt(n);
  if (typeof n === 'bigint') {
    let u = BigInt.asUintN(64, n);
    if (zigzag) u = BigInt.asUintN(64, (u << 1n) ^ (BigInt.asIntN(64, u) < 0n ? 0xffffffffffffffffn : 0n));
    return set(Number(u & 0xffffffffn), Number(u >> 32n));
  }
  if (zigzag) n = n < 0 ? -2 * n - 1 : 2 * n;
  if (n >= 0) {
    const lo = n % TWO_32;
    return set(lo, (n - lo) / TWO_32);
  }
  // Two's complement of a negative integer above -2^52.
  const m = -n;
  const mlo = m % TWO_32;
  let hi = ~((m - mlo) / TWO_32) >>> 0;
  let lo = (~mlo >>> 0) + 1;
  if (lo > 0xffffffff) {
    lo = 0;
    hi = (hi + 1) >>> 0;
  }
  return set(lo, hi);
}

/**
 * [lo, hi] of a decimal integer of up to 20 digits (validate.ts checked the
 * range), two's complement, with number arithmetic in 16-bit limbs: no bigint
 * or string is made, which counts when a request holds millions of them.
 */
function decimalBits(text: string): void {
  const negative = text.charCodeAt(0) === 0x2d;
  let lo = 0;
  let hi = 0;
  let at = negative ? 1 : 0;
  while (at < text.length) {
    let chunk = 0;
    let m = 1;
    for (const end = Math.min(at + 7, text.length); at < end; at++) {
      chunk = chunk * 10 + (text.charCodeAt(at) - 0x30);
      m *= 10;
    }
    const t0 = (lo & 0xffff) * m + chunk;
    const t1 = (lo >>> 16) * m + Math.floor(t0 / 0x10000);
    const t2 = (hi & 0xffff) * m + Math.floor(t1 / 0x10000);
    const t3 = (hi >>> 16) * m + Math.floor(t2 / 0x10000);
    lo = ((t1 % 0x10000) * 0x10000 + (t0 % 0x10000)) >>> 0;
    hi = ((t3 % 0x10000) * 0x10000 + (t2 % 0x10000)) >>> 0;
  }
  if (!negative) return set(lo, hi);
  lo = (~lo >>> 0) + 1;
  hi = ~hi >>> 0;
  if (lo > 0xffffffff) {
    lo = 0;
    hi = (hi + 1) >>> 0;
  }
  return set(lo, hi);
}
