/** Reading the experiment forms' number fields. Pure, so it is unit-tested. */

/** What a number field holds: a number, nothing (empty), or a complaint for the person. */
export type FieldNumber = { ok: true; value: number | null } | { ok: false; problem: string };

/**
 * Reads `text` as a number in [min, max] (whole when `integer`); empty is null.
 * `name` goes into the problem, e.g. "Concurrency must be a whole number from 1 to 1000".
 */
export function readNumber(text: string, name: string, min: number, max: number, integer = true): FieldNumber {
  const t = text.trim().replace(/[_,]/g, '');
  if (t === '') return { ok: true, value: null };
  const v = Number(t);
  const range = `${integer ? 'a whole number' : 'a number'} from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}`;
  if (!Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v)))
    return { ok: false, problem: `${name} must be ${range} (got "${text.trim()}")` };
  return { ok: true, value: v };
}

/** `2.41×`, `0.08×`, `—` for a ratio that is not a number. */
export function formatRatio(x: number): string {
  if (!Number.isFinite(x)) return '—';
  return x >= 100 ? `${Math.round(x)}×` : `${x.toPrecision(3)}×`;
}
