/**
 * Reads a server's send stamp from a message's wire bytes without decoding the message to JSON,
 * when the stamp is a top-level integer field (`$.server_send_unix_micros`, the common case): the
 * one-way delay analysis reads a stamp from every received message, and at ten million messages
 * decoding each one to JSON was most of the time the analysis took on the extension host's thread.
 *
 * The reader answers only what it can answer exactly as the decoder would: a present, non-zero value
 * of the field (the last occurrence wins, as in the decoder). Everything else (the field absent or
 * zero, whose JSON depends on presence rules; a wire form it does not expect; a message it cannot
 * walk) returns `undefined`, and the caller decodes the message as before.
 */
import type * as protobuf from 'protobufjs';
import type { PathStep } from './field-path';

const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const TWO_32 = 2 ** 32;

type Kind = 'varint' | 'signed32' | 'unsigned32' | 'zigzag' | 'fixed32' | 'sfixed32' | 'fixed64' | 'sfixed64';
/** Wire type and how the value is read, for each integer field type. */
const KINDS: Record<string, [wire: number, kind: Kind]> = {
  int64: [0, 'varint'],
  uint64: [0, 'varint'],
  int32: [0, 'signed32'],
  uint32: [0, 'unsigned32'],
  sint32: [0, 'zigzag'],
  sint64: [0, 'zigzag'],
  fixed32: [5, 'fixed32'],
  sfixed32: [5, 'sfixed32'],
  fixed64: [1, 'fixed64'],
  sfixed64: [1, 'sfixed64'],
};

/** A wire-bytes reader for the stamp at `steps` in `type`, or undefined when the path is not a plain top-level integer field. */
export function wireStampReader(
  type: protobuf.Type,
  steps: readonly PathStep[],
): ((bytes: Uint8Array) => number | undefined) | undefined {
  const [step] = steps;
  if (steps.length !== 1 || typeof step !== 'string') return undefined;
  const matches = type.fieldsArray.filter(
    (f) => f.name === step || camel(f.name) === step || camel(f.name) === camel(step),
  );
  const field = matches[0];
  if (matches.length !== 1 || !field || field.repeated || field.map || field.partOf) return undefined;
  // A custom json_name changes the key the decoder prints; leave such fields to it.
  if ((field.options as Record<string, unknown> | undefined)?.json_name !== undefined) return undefined;
  const how = KINDS[field.type];
  if (!how) return undefined;
  const [wire, kind] = how;
  const id = field.id;
  const unsigned = field.type === 'uint64';
  return (bytes) => {
    try {
      return read(bytes, id, wire, kind, unsigned);
    } catch {
      return undefined;
    }
  };
}

class Cursor {
  pos = 0;
  lo = 0;
  hi = 0;
  constructor(readonly buf: Uint8Array) {}

  /** Reads a varint into lo/hi (two uint32 halves). */
  varint(): void {
    const buf = this.buf;
    let lo = 0;
    let hi = 0;
    let shift = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= buf.length) throw new RangeError('truncated varint');
      const b = buf[this.pos++]!;
      if (shift < 28) lo |= (b & 0x7f) << shift;
      else if (shift === 28) {
        lo |= (b & 0x0f) << 28;
        hi |= (b & 0x7f) >>> 4;
      } else hi |= (b & 0x7f) << (shift - 32);
      if (b < 0x80) {
        this.lo = lo >>> 0;
        this.hi = hi >>> 0;
        return;
      }
      shift += 7;
    }
    throw new RangeError('varint too long');
  }

  skip(n: number): void {
    if (n < 0 || this.pos + n > this.buf.length) throw new RangeError('truncated field');
    this.pos += n;
  }

  uint32le(): number {
    const b = this.buf;
    const p = this.pos;
    this.skip(4);
    return (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;
  }
}

function read(bytes: Uint8Array, id: number, wire: number, kind: Kind, unsigned: boolean): number | undefined {
  const c = new Cursor(bytes);
  let value: number | undefined;
  while (c.pos < bytes.length) {
    c.varint();
    if (c.hi !== 0) throw new RangeError('tag out of range');
    const tag = c.lo;
    const fieldId = tag >>> 3;
    const wireType = tag & 7;
    if (fieldId === 0) throw new RangeError('field number 0');
    if (fieldId === id) {
      if (wireType !== wire) throw new RangeError('unexpected wire type'); // e.g. packed: the decoder decides
      value = valueOf(c, kind, unsigned);
      continue;
    }
    switch (wireType) {
      case 0:
        c.varint();
        break;
      case 1:
        c.skip(8);
        break;
      case 2:
        c.varint();
        if (c.hi !== 0) throw new RangeError('length out of range');
        c.skip(c.lo);
        break;
      case 5:
        c.skip(4);
        break;
      default:
        throw new RangeError('group or unknown wire type'); // groups: the decoder decides
    }
  }
  return value === 0 ? undefined : value;
}

function valueOf(c: Cursor, kind: Kind, unsigned: boolean): number {
  switch (kind) {
    case 'varint':
      c.varint();
      return int64(c.lo, c.hi, unsigned);
    case 'signed32':
      c.varint();
      return c.lo | 0;
    case 'unsigned32':
      c.varint();
      return c.lo;
    case 'zigzag': {
      c.varint();
      // (n >>> 1) ^ -(n & 1) on 64 bits, in halves.
      const neg = c.lo & 1;
      let lo = ((c.lo >>> 1) | (c.hi << 31)) >>> 0;
      let hi = c.hi >>> 1;
      if (neg) {
        lo = ~lo >>> 0;
        hi = ~hi >>> 0;
      }
      return int64(lo, hi, false);
    }
    case 'fixed32':
      return c.uint32le();
    case 'sfixed32':
      return c.uint32le() | 0;
    case 'fixed64': {
      const lo = c.uint32le();
      return int64(lo, c.uint32le(), true);
    }
    case 'sfixed64': {
      const lo = c.uint32le();
      return int64(lo, c.uint32le(), false);
    }
  }
}

/**
 * The 64-bit integer in halves as the nearest double, as `Number(decimal text)` gives it: the
 * decoder prints 64-bit integers as decimal strings and the analysis reads them with Number().
 */
function int64(lo: number, hi: number, unsigned: boolean): number {
  if (!unsigned && hi >= 0x80000000) return (hi - TWO_32) * TWO_32 + lo;
  return hi * TWO_32 + lo;
}
