import { parse as parseLossless, stringify as stringifyLossless } from 'lossless-json';
import { InputError } from '../errors';
import type { MessageCodec } from '../json/types';
import { getField, parseFieldPath, setField } from './field-path';

/** Builds the next request from the previous reply. */
export type Chainer = (reply: Uint8Array) => Uint8Array;

/**
 * A chain (`$.value`): the request template with that field replaced by the
 * same field of the previous reply, as the seed study's Increment chain does
 * (0 → 1 → 2 …). The template is parsed losslessly and replies are decoded
 * with int64 as strings, so 64-bit values stay exact. Throws an InputError
 * naming the path when the template or a reply lacks the field.
 */
export function makeChainer(
  path: string,
  template: string,
  requestCodec: MessageCodec,
  responseCodec: MessageCodec,
): Chainer {
  const steps = parseFieldPath(path);
  let parsed: unknown;
  try {
    parsed = parseLossless(template);
  } catch (e) {
    throw new InputError('$', `the request is not JSON: ${(e as Error).message}`);
  }
  return (reply) => {
    const value = getField(responseCodec.decode(reply, { emitDefaults: true }), steps);
    if (value === undefined)
      throw new InputError(path, `the reply (${responseCodec.typeName}) has no field ${path} to chain from`);
    return requestCodec.encodeJson(stringifyLossless(setField(parsed, steps, value))!);
  };
}
