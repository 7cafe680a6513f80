import { isLosslessNumber, LosslessNumber, parse } from 'lossless-json';
import { InputError } from '../errors';
import { pathDeeperThan } from './json-depth';
import { shortPath } from './wkt';

/**
 * A JSON number exactly as written in the text. `JSON.parse` would round
 * 9007199254740993 to ...992 before protobuf saw it, so every number stays
 * text until the validator knows the field's type.
 */
export type JsonNumber = LosslessNumber;

/** True for a number literal produced by {@link parseJson}. */
export function isJsonNumber(value: unknown): value is JsonNumber {
  return isLosslessNumber(value);
}

/**
 * Parses JSON text without losing number precision. Numbers come back as
 * {@link JsonNumber}; everything else as `JSON.parse` would give it.
 * Throws `InputError('$', 'invalid JSON at line L column C: …')`.
 */
export function parseJson(text: string): unknown {
  try {
    return parse(text, null, {
      // lossless-json only calls this when the two values differ; the same key
      // with the same value twice changes nothing on the wire.
      onDuplicateKey: ({ key, position }) => {
        throw new InputError('$', `invalid JSON at ${lineColumn(text, position - 1)}: duplicate key "${key}"`);
      },
    });
  } catch (e) {
    if (e instanceof InputError) throw e;
    if (e instanceof RangeError) throw tooDeepToParse(text);
    throw syntaxError(text, e instanceof Error ? e.message : String(e));
  }
}

/** Nesting past what any schema can use; the parser is recursive, so deeper input would exhaust its stack. */
export const MAX_JSON_DEPTH = 1000;

function tooDeepToParse(text: string): InputError {
  const path = pathDeeperThan(text, MAX_JSON_DEPTH);
  const problem = `nested deeper than ${MAX_JSON_DEPTH} objects and arrays, the limit for JSON input`;
  return path ? new InputError(shortPath(path), problem) : new InputError('$', `${problem} here (the parser ran out of stack)`);
}

function syntaxError(text: string, message: string): InputError {
  const m = / (?:at|encountered at) position (\d+)$/.exec(message);
  if (!m) return new InputError('$', `invalid JSON: ${message}`);
  const reason = message.slice(0, m.index);
  return new InputError('$', `invalid JSON at ${lineColumn(text, Number(m[1]))}: ${reason}`);
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
