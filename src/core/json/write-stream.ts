/**
 * A decoded reply's JSON text, written in pieces as it is made instead of as one string. For a
 * reply of a million messages the JSON tree, the 50 MB line and the bytes handed to stdout would
 * otherwise all stand at once beside the decoded message: here a long repeated message field
 * (write.ts's LaterElements) is turned into JSON one element at a time, each element's text is
 * written and both are let go. The text is exactly jsonText's (conformance checks the two agree).
 */
import * as protobuf from 'protobufjs';
import { withDefaults } from './defaults';
import { jsonText } from './json-text';
import { LaterElements, STREAMED } from './write';

/** Pieces are joined up to this many characters before they are handed on. */
const PIECE_CHARS = 64 * 1024;

/** Writes `value` (writeMessage's output, maybe holding LaterElements) as one line of JSON text. */
export function writeJsonPieces(value: unknown, write: (piece: string) => void): void {
  let held = '';
  const emit = (s: string) => {
    held += s;
    if (held.length >= PIECE_CHARS) {
      write(held);
      held = '';
    }
  };
  writeValue(value, emit);
  if (held) write(held);
}

function writeValue(value: unknown, emit: (s: string) => void): void {
  if (value instanceof LaterElements) return writeElements(value, emit);
  if (value === null || typeof value !== 'object' || !STREAMED.has(value)) return emit(jsonText(value));
  // An object with LaterElements somewhere under it: its keys in JSON.stringify's order, which is
  // insertion order here (field names and "[ext]" keys are never array indices).
  let first = true;
  emit('{');
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined) continue;
    emit(`${first ? '' : ','}${JSON.stringify(key)}:`);
    first = false;
    writeValue(v, emit);
  }
  emit('}');
}

function writeElements(later: LaterElements, emit: (s: string) => void): void {
  const type = later.field.resolvedType as protobuf.Type;
  emit('[');
  for (let i = 0; i < later.values.length; i++) {
    if (i) emit(',');
    const json = later.take(i);
    writeValue(later.defaults ? withDefaults(type, json) : json, emit);
  }
  emit(']');
}
