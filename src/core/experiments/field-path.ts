import { InputError } from '../errors';

/** One step of a field path: an object key or an array index. */
export type PathStep = string | number;

const STEP = /^(?:\.([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\])/;

/**
 * Parses the JSON paths people type to name a field: `$.value`,
 * `$.start.count`, `$.items[0].id`, `$["odd key"]` (the `$` is optional).
 * Throws an InputError quoting the part it could not read.
 */
export function parseFieldPath(path: string): PathStep[] {
  let rest = path.trim();
  if (rest.startsWith('$')) rest = rest.slice(1);
  else if (rest && !rest.startsWith('.') && !rest.startsWith('[')) rest = `.${rest}`;
  const steps: PathStep[] = [];
  while (rest) {
    const m = STEP.exec(rest);
    if (!m)
      throw new InputError(path, `cannot read "${rest}" in the field path; write it like $.field.sub or $.items[0]`);
    steps.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : (JSON.parse(m[3]!) as string)));
    rest = rest.slice(m[0].length);
  }
  if (steps.length === 0) throw new InputError(path, 'the field path names no field; write it like $.id');
  return steps;
}

/** lowerCamelCase of a proto field name (`server_send_time` → `serverSendTime`), as proto3 JSON names it. */
const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
/** The proto spelling of a JSON name (`serverSendTime` → `server_send_time`), for decoded protobufjs objects. */
const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * The value at `steps` in a decoded message, or undefined. Keys are tried as
 * written, then in their JSON (lowerCamel) and proto (snake_case) spellings,
 * so `$.server_send_unix_micros` and `$.serverSendUnixMicros` both work on
 * canonical JSON and on protobufjs objects alike.
 */
export function getField(value: unknown, steps: readonly PathStep[]): unknown {
  let cur = value;
  for (const step of steps) {
    if (cur === null || typeof cur !== 'object') return undefined;
    const obj = cur as Record<string | number, unknown>;
    cur =
      typeof step === 'number'
        ? obj[step]
        : step in obj
          ? obj[step]
          : camel(step) in obj
            ? obj[camel(step)]
            : obj[snake(step)];
  }
  return cur;
}

/** A copy of `obj` with the field at `steps` set, creating objects on the way. */
export function setField(obj: unknown, steps: readonly PathStep[], value: unknown): unknown {
  const [head, ...rest] = steps;
  if (head === undefined) return value;
  const base = obj !== null && typeof obj === 'object' ? obj : typeof head === 'number' ? [] : {};
  const copy = (Array.isArray(base) ? [...(base as unknown[])] : { ...base }) as Record<string | number, unknown>;
  Object.defineProperty(copy, head, {
    value: setField(copy[head], rest, value),
    writable: true,
    enumerable: true,
    configurable: true,
  });
  return copy;
}
