import { InputError } from '../errors';
import { show } from './json-path';
import { isJsonNumber } from './parse';
import { invalidUtf8Byte } from './utf8';

/**
 * Validates one scalar the way the proto3 JSON mapping reads it and returns
 * the form protojson takes without loss: 32-bit integers and floats as
 * numbers, 64-bit integers as decimal strings, "NaN"/"Infinity" as given,
 * bytes as the base64 text.
 */
export function readScalar(type: string, value: unknown, path: string): unknown {
  switch (type) {
    case 'double':
    case 'float':
      return readFloat(value, type, path);
    case 'bool':
      if (typeof value !== 'boolean') throw new InputError(path, `expected true or false, got ${show(value)}`);
      return value;
    case 'string':
      return readString(value, path);
    case 'bytes':
      return readBytes(value, path);
    default:
      return readInteger(value, type, path);
  }
}

const RANGES: Record<string, readonly [bigint, bigint]> = {
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

/** Decimal digits without a plus sign or leading zeros: already the canonical text. */
const CANONICAL_INT = /^(?:0|-?[1-9]\d*)$/;

/** True for the five 64-bit integer types, which JSON carries as strings. */
export function is64Bit(type: string): boolean {
  return type.endsWith('64') && type !== 'double';
}

/**
 * An integer of `type`: a number for 32-bit types; for 64-bit ones a decimal
 * string, a safe-integer number or a bigint (what the encoder reads without
 * loss). A value that is already in one of those forms is returned as it is:
 * a request of millions of integers gets no new string or object per value.
 */
export function readInteger(value: unknown, type: string, path: string): number | string | bigint {
  const range = RANGES[type];
  if (!range) throw new InputError(path, `unsupported scalar type ${type}`);
  const wide = is64Bit(type);
  // Number literals the parser kept as a number or a bigint (parse.ts): exact already, only the range to check.
  if (typeof value === 'number' && Number.isSafeInteger(value) && !Object.is(value, -0)) {
    if (wide ? value >= 0 || range[0] < 0n : value >= Number(range[0]) && value <= Number(range[1])) return value;
  } else if (typeof value === 'bigint' && value >= range[0] && value <= range[1]) {
    return wide ? value : Number(value);
  }
  const text = isJsonNumber(value) ? value.toString() : typeof value === 'string' ? value : undefined;
  const canonical = text !== undefined && CANONICAL_INT.test(text);
  // The common case without BigInt: plain digits that fit every type of their signedness.
  if (canonical && (text[0] !== '-' || range[0] < 0n)) {
    if (wide ? text.length <= 18 || withinBound(text, type) : text.length <= 9) return wide ? text : Number(text);
  }
  // In a string only digits: "1e3" and "1.0" are refused there, as the reference (json_format) refuses them.
  const n = text === undefined || (typeof value === 'string' && !/^[+-]?\d+$/.test(value)) ? undefined : exactInteger(text);
  if (n === undefined) {
    const digitsOnly = typeof value === 'string' && NUMBER_RE.test(value) ? ' (in a string only digits are read)' : '';
    throw new InputError(path, `${expectedInteger(type)}, got ${show(value)}${digitsOnly}`);
  }
  if (n < range[0] || n > range[1]) {
    throw new InputError(path, `${text} is out of range for ${type} (${range[0]} to ${range[1]})`);
  }
  return wide ? (canonical ? text : n.toString()) : Number(n);
}

/** The 64-bit limits as text: canonical digits compare with them as strings, without a bigint. */
const BOUND_TEXT: Record<string, readonly [string, string]> = {
  signed: ['-9223372036854775808', '9223372036854775807'],
  unsigned: ['', '18446744073709551615'],
};

/** True when canonical integer text of a 64-bit type is in range. */
function withinBound(text: string, type: string): boolean {
  const [min, max] = BOUND_TEXT[type === 'uint64' || type === 'fixed64' ? 'unsigned' : 'signed']!;
  const bound = text[0] === '-' ? min : max;
  return text.length < bound.length || (text.length === bound.length && text <= bound); // same length: digits compare as text
}

function expectedInteger(type: string): string {
  return is64Bit(type) ? 'expected a 64-bit integer as a string or number' : `expected an integer (${type})`;
}

const NUMBER_RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * The exact integer a decimal literal denotes ("1e3", "1.50e1" and "-0" are
 * integers), or undefined when it is not one. Done with BigInt on the digits
 * so 18446744073709551615 survives; exponents past 40 digits are left to the
 * range check (a huge value, not a fraction).
 */
export function exactInteger(text: string): bigint | undefined {
  if (/^-?\d{1,15}$/.test(text)) return BigInt(Number(text)); // the common case, no exponent or fraction
  const m = NUMBER_RE.exec(text);
  if (!m) return undefined;
  const [, sign, whole = '', fraction = '', exponent = '0'] = m;
  if (whole === '' && fraction === '') return undefined;
  const digits = (whole + fraction).replace(/^0+/, '');
  if (digits === '') return 0n;
  const scale = Number(exponent) - fraction.length;
  let magnitude: bigint;
  if (scale >= 0) {
    magnitude = BigInt(digits) * 10n ** BigInt(Math.min(scale, 40));
  } else {
    if (/[^0]/.test(digits.slice(scale))) return undefined;
    magnitude = BigInt(digits.slice(0, scale) || '0');
  }
  return sign === '-' ? -magnitude : magnitude;
}

const MAX_FLOAT = 3.4028234663852886e38;
const NUMERIC_RE = /^[+-]?(?:\d*\.\d+|\d+\.?)(?:[eE][+-]?\d+)?$/;

function readFloat(value: unknown, type: 'float' | 'double', path: string): number | string {
  // A number the parser kept as a number is exact and finite (parse.ts); only a float's range to check.
  if (typeof value === 'number' && (type === 'double' || Math.abs(value) <= MAX_FLOAT)) return value;
  if (value === 'NaN' || value === 'Infinity' || value === '-Infinity') return value;
  const text = isJsonNumber(value) ? value.toString() : typeof value === 'string' ? value : undefined;
  if (text === undefined || !NUMERIC_RE.test(text)) {
    throw new InputError(path, `expected a number (${type}) or "NaN", "Infinity", "-Infinity", got ${show(value)}`);
  }
  const n = Number(text);
  if (!Number.isFinite(n) || (type === 'float' && Math.abs(n) > MAX_FLOAT)) {
    throw new InputError(path, `${text} is out of range for ${type}`);
  }
  return n;
}

// A lone surrogate cannot be encoded as UTF-8, which the wire requires.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function readString(value: unknown, path: string): string {
  if (typeof value !== 'string') throw new InputError(path, `expected a string, got ${show(value)}`);
  const bad = LONE_SURROGATE.exec(value);
  if (bad) {
    const byte = invalidUtf8Byte(value.charCodeAt(bad.index));
    if (byte !== undefined) {
      const hex = byte.toString(16).toUpperCase();
      throw new InputError(path, `the string has invalid UTF-8 at index ${bad.index} (byte 0x${hex}); send the input as UTF-8`);
    }
    throw new InputError(path, `the string has a lone UTF-16 surrogate at index ${bad.index}; it cannot be UTF-8`);
  }
  return value;
}

function readBytes(value: unknown, path: string): string {
  if (typeof value === 'string') {
    const body = value.replace(/=+$/, '');
    const padding = value.length - body.length;
    const alphabetOk = /^[A-Za-z0-9+/]*$/.test(body) || /^[A-Za-z0-9_-]*$/.test(body);
    const paddingOk = padding === 0 || (padding <= 2 && value.length % 4 === 0);
    if (alphabetOk && paddingOk && body.length % 4 !== 1) return value;
  }
  throw new InputError(path, `expected base64 bytes (standard or URL-safe alphabet), got ${show(value)}`);
}

/** A map key (always a JSON string) read as `keyType`; returns the canonical key text. */
export function readMapKey(key: string, keyType: string, path: string): string {
  if (keyType === 'string') return readString(key, path);
  if (keyType === 'bool') {
    if (key !== 'true' && key !== 'false') throw new InputError(path, `map key ${show(key)} is not "true" or "false"`);
    return key;
  }
  if (!/^-?\d+$/.test(key)) throw new InputError(path, `map key ${show(key)} is not an integer (${keyType})`);
  return String(readInteger(key, keyType, path));
}
