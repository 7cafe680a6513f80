import { LosslessNumber } from 'lossless-json';
import { InputError } from '../errors';
import { childPath, indexPath, setKey, shortPath } from './json-path';

import type { JsonNumber } from './json-number';

export { isJsonNumber, type JsonNumber } from './json-number';

/** Nesting past what any schema can use (protobufjs stops at 100 messages). */
export const MAX_JSON_DEPTH = 1000;

/**
 * Parses JSON text without losing number precision. Numbers come back as
 * {@link JsonNumber}; everything else as `JSON.parse` would give it. A key
 * given twice is refused (as the reference, json_format, refuses it).
 * Throws `InputError('$', 'invalid JSON at line L column C: …')`, or with the
 * path of a value nested deeper than MAX_JSON_DEPTH.
 *
 * Written here, iteratively, rather than taken from lossless-json, whose
 * recursive parser ran out of stack on deep input and built strings a
 * character at a time: a 50 MB request took minutes and gigabytes.
 */
export function parseJson(text: string): unknown {
  return new Parser(text).parse();
}

interface Frame {
  /** The object being read, or undefined for an array (its items wait in Parser.items). */
  object: Record<string, unknown> | undefined;
  key: string; // the key being read, for objects
  /** For an array: where its items begin in Parser.items. */
  start: number;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const INTEGER = /^-?(?:0|[1-9]\d*)$/;

/** The compact form of a number literal that still prints as written (see JsonNumber). */
function jsonNumber(literal: string): JsonNumber {
  if (INTEGER.test(literal)) {
    if (literal === '-0') return new LosslessNumber(literal);
    const digits = literal.length - (literal[0] === '-' ? 1 : 0);
    return digits <= 15 ? Number(literal) : BigInt(literal); // 15 digits are exact as a double
  }
  const n = Number(literal);
  return String(n) === literal ? n : new LosslessNumber(literal);
}
const CONTROL = /[\u0000-\u001f]/;

class Parser {
  private i = 0;
  private readonly stack: Frame[] = [];
  /**
   * The items of every open array, innermost last. An array is made from its
   * items when it closes, at its exact length: arrays grown by push keep
   * spare room (17 slots for a 2-item array), which made small arrays cost
   * several times their text.
   */
  private readonly items: unknown[] = [];

  constructor(private readonly text: string) {}

  parse(): unknown {
    let value = this.value("JSON value expected");
    for (;;) {
      const frame = this.stack[this.stack.length - 1];
      if (!frame) break;
      const isArray = frame.object === undefined;
      if (isArray) this.items.push(value);
      else setKey(frame.object!, frame.key, value);
      this.skipSpace();
      const c = this.text[this.i];
      if (c === ',') {
        this.i++;
        if (!isArray) this.key(frame, 'Quoted object key expected');
        value = this.value(isArray ? 'Array item expected' : "Object value expected after ':'");
      } else if (c === (isArray ? ']' : '}')) {
        this.i++;
        this.stack.pop();
        if (isArray) {
          value = this.items.slice(frame.start);
          this.items.length = frame.start;
        } else value = frame.object;
      } else {
        throw this.error(`${isArray ? "Comma ',' or end of array ']'" : "Comma ',' or end of object '}'"} expected${this.got()}`);
      }
    }
    this.skipSpace();
    if (this.i < this.text.length) throw this.error(`Expected end of input${this.got()}`);
    return value;
  }

  /** Reads a value; containers are opened (pushed) and their first member's value read in the loop. */
  private value(expected: string): unknown {
    for (;;) {
      this.skipSpace();
      const c = this.text[this.i];
      if (c === '{' || c === '[') {
        if (this.stack.length >= MAX_JSON_DEPTH) throw this.tooDeep();
        this.i++;
        this.skipSpace();
        const close = c === '{' ? '}' : ']';
        if (this.text[this.i] === close) {
          this.i++;
          return c === '{' ? {} : [];
        }
        const frame: Frame = { object: c === '{' ? {} : undefined, key: '', start: this.items.length };
        this.stack.push(frame);
        if (c === '{') this.key(frame, 'Quoted object key expected');
        expected = c === '{' ? "Object value expected after ':'" : 'Array item expected';
        continue;
      }
      if (c === '"') return this.string();
      if (c === 't' && this.text.startsWith('true', this.i)) return (this.i += 4), true;
      if (c === 'f' && this.text.startsWith('false', this.i)) return (this.i += 5), false;
      if (c === 'n' && this.text.startsWith('null', this.i)) return (this.i += 4), null;
      NUMBER.lastIndex = this.i;
      const m = NUMBER.exec(this.text);
      if (m) {
        this.i += m[0].length;
        return jsonNumber(m[0]);
      }
      throw this.error(this.i >= this.text.length ? `${expected} but the input ended` : expected);
    }
  }

  private key(frame: Frame, expected: string): void {
    this.skipSpace();
    if (this.text[this.i] !== '"') throw this.error(`${expected}${this.got()}`);
    const at = this.i;
    const key = this.string();
    if (Object.prototype.hasOwnProperty.call(frame.object, key)) {
      this.i = at;
      throw this.error(`duplicate key "${key}"`);
    }
    frame.key = key;
    this.skipSpace();
    if (this.text[this.i] !== ':') throw this.error(`Colon ':' expected after property name${this.got()}`);
    this.i++;
  }

  private string(): string {
    const start = this.i;
    let end = this.text.indexOf('"', start + 1);
    for (;;) {
      if (end < 0) throw this.error('End of string \'"\' missing');
      let backslashes = 0;
      while (this.text.charCodeAt(end - 1 - backslashes) === 0x5c) backslashes++;
      if (backslashes % 2 === 0) break;
      end = this.text.indexOf('"', end + 1);
    }
    this.i = end + 1;
    const raw = this.text.slice(start + 1, end);
    if (!raw.includes('\\') && !CONTROL.test(raw)) return raw;
    try {
      return JSON.parse(this.text.slice(start, end + 1)) as string;
    } catch {
      this.i = start;
      throw this.error('Invalid string (a control character or a bad escape)');
    }
  }

  private skipSpace(): void {
    const t = this.text;
    let c = t.charCodeAt(this.i);
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = t.charCodeAt(++this.i);
  }

  private got(): string {
    const c = this.text[this.i];
    return c === undefined ? ' but the input ended' : ` but got '${c}'`;
  }

  private error(reason: string): InputError {
    return new InputError('$', `invalid JSON at ${lineColumn(this.text, this.i)}: ${reason}`);
  }

  private tooDeep(): InputError {
    let path = '$';
    this.stack.forEach((f, at) => {
      if (f.object) return (path = childPath(path, f.key));
      // An array's items run up to the next open array's first item.
      const next = this.stack.slice(at + 1).find((g) => g.object === undefined);
      path = indexPath(path, (next ? next.start : this.items.length) - f.start);
    });
    return new InputError(shortPath(path), `nested deeper than ${MAX_JSON_DEPTH} objects and arrays, the limit for JSON input`);
  }
}

/** "line L column C" (both 1-based) of a 0-based offset into `text`. */
export function lineColumn(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return `line ${line} column ${offset - lineStart + 1}`;
}
