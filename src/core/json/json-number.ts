import { isLosslessNumber, type LosslessNumber } from 'lossless-json';

/**
 * A JSON number exactly as written in the text. `JSON.parse` would round
 * 9007199254740993 to ...992 before protobuf saw it, so every number stays
 * text until the validator knows the field's type.
 */
export type JsonNumber = LosslessNumber;

/** True for a number literal produced by the request parser (parse.ts). */
export function isJsonNumber(value: unknown): value is JsonNumber {
  return isLosslessNumber(value);
}
