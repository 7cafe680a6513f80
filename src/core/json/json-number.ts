import { isLosslessNumber, type LosslessNumber } from 'lossless-json';

/**
 * A JSON number exactly as written in the text. `JSON.parse` would round
 * 9007199254740993 to ...992 before protobuf saw it, so no number is rounded
 * before the validator knows the field's type. The parser (parse.ts) keeps
 * each number in the smallest form that still prints back as it was written,
 * because a request of millions of numbers holds millions of them:
 * - a JS number when `String(n)` is the literal itself (`42`, `1.5`): no
 *   object at all for small integers, 8 bytes in an array of doubles;
 * - a bigint for longer integers (`1234567890123456789`);
 * - a LosslessNumber (the literal as text) for everything else: `-0`, `1.0`,
 *   `1e3`, `0.10000000000000000001`.
 * `toString()` gives the literal back in every case.
 */
export type JsonNumber = number | bigint | LosslessNumber;

/** True for a number literal produced by the request parser (parse.ts). */
export function isJsonNumber(value: unknown): value is JsonNumber {
  return typeof value === 'number' || typeof value === 'bigint' || isLosslessNumber(value);
}
