/**
 * `{{name}}` substitution, as the `.http` tools share it: file variables
 * (`@name = value`), the selected environment, dynamic variables (`$uuid`,
 * `$timestamp`, `$isoTimestamp`, `$randomInt [min max]`, `$processEnv NAME`,
 * and IntelliJ's `$random.uuid` / `$random.integer(min, max)`), and values from a
 * named earlier reply: REST Client's `{{login.response.body.$.token}}` and
 * httpyac's shorter `{{login.token}}`. A name found nowhere else is asked of
 * `fallback`: the process environment in the CLI, SecretStorage in the
 * extension, so a secret never has to be written in a file.
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { getField, parseFieldPath } from '../experiments/field-path';

/** What a named request left for later ones. */
export interface Reply {
  readonly code: number;
  /** The last message received, as canonical JSON. */
  readonly body: unknown;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly trailers: ReadonlyArray<readonly [string, string]>;
}

export interface VariableSources {
  readonly fileVariables: Readonly<Record<string, string>>;
  readonly environment: Readonly<Record<string, string>>;
  /** Replies of earlier named requests of the same run. */
  readonly replies: ReadonlyMap<string, Reply>;
  /** Last resort for plain names (process environment, SecretStorage). */
  readonly fallback?: (name: string) => string | undefined;
  readonly processEnv?: Readonly<Record<string, string | undefined>>;
  /** Where plain names were looked for, for the error (e.g. `environment "dev"`). */
  readonly searched: string;
}

/** A variable that cannot be resolved; the message names it and where it was looked for. */
export class VariableError extends Error {
  override readonly name = 'VariableError';
}

const VARIABLE = /\{\{\s*([^{}]+?)\s*\}\}/g;
const MAX_DEPTH = 10;

/** httpyac's escape: `\{\{name\}\}` is the text `{{name}}` (https://httpyac.github.io/guide/variables.html). */
const ESCAPED = /\\\{\\\{(.*?)\\\}\\\}/g;

/** Replaces every `{{…}}` in `text`. Throws VariableError for the first one that cannot be resolved. */
export function substitute(text: string, sources: VariableSources, depth = 0): string {
  let out = '';
  let from = 0;
  for (const m of text.matchAll(ESCAPED)) {
    out += text.slice(from, m.index).replace(VARIABLE, (_, expr: string) => resolve(expr, sources, depth));
    out += `{{${m[1]}}}`;
    from = m.index + m[0].length;
  }
  return out + text.slice(from).replace(VARIABLE, (_, expr: string) => resolve(expr, sources, depth));
}

/** The names of plain `{{variables}}` in a text (for completion and the "missing" check). */
export function variableNames(text: string): string[] {
  return [...text.matchAll(VARIABLE)].map((m) => m[1]!);
}

function resolve(expr: string, s: VariableSources, depth: number): string {
  if (expr.startsWith('$')) return dynamic(expr, s);
  const reply = replyValue(expr, s.replies);
  if (reply !== undefined) return reply;
  const plain = s.fileVariables[expr] ?? s.environment[expr] ?? s.fallback?.(expr);
  if (plain === undefined) {
    const dot = expr.indexOf('.');
    const hint =
      dot > 0 && !s.replies.has(expr.slice(0, dot))
        ? `; no earlier request named "${expr.slice(0, dot)}" has replied`
        : '';
    throw new VariableError(`{{${expr}}} is not defined in ${s.searched}${hint}`);
  }
  if (depth >= MAX_DEPTH) throw new VariableError(`{{${expr}}} refers to itself (through ${MAX_DEPTH} variables)`);
  return substitute(plain, s, depth + 1);
}

/**
 * The dynamic variables of the tools, each as its documentation spells it:
 * IntelliJ (https://www.jetbrains.com/help/idea/http-client-variables.html): `$uuid`, `$random.uuid`,
 * `$timestamp`, `$isoTimestamp`, `$randomInt`, `$random.integer(a, b)`, `$random.float(a, b)`,
 * `$random.alphabetic(n)`, `$random.alphanumeric(n)`, `$random.hexadecimal(n)`, `$random.email`;
 * httpyac and REST Client (https://httpyac.github.io/guide/variables.html): `$guid`,
 * `$randomInt MIN MAX`, `$timestamp [OFFSET UNIT]`, `$datetime` / `$localDatetime FORMAT [OFFSET UNIT]`,
 * `$processEnv NAME`; kulala (https://kulala.app): `$date`.
 */
function dynamic(expr: string, s: VariableSources): string {
  const [name = '', ...args] = expr.match(/"[^"]*"|'[^']*'|\S+/g) ?? [];
  const env = /^\$(?:processEnv|env)\.(.+)$/.exec(name);
  if (env) return processEnv(expr, env[1], s);
  switch (name) {
    case '$uuid':
    case '$guid':
    case '$random.uuid':
      return randomUUID();
    case '$timestamp':
      return String(Math.floor(offsetDate(expr, args).getTime() / 1000));
    case '$isoTimestamp':
      return new Date().toISOString();
    case '$date':
      return new Date().toISOString().slice(0, 10);
    case '$datetime':
    case '$localDatetime': {
      const [format, ...offset] = args;
      if (!format)
        throw new VariableError(`{{${expr}}}: name a format, e.g. {{${name} iso8601}} or {{${name} "YYYY-MM-DD"}}`);
      return formatDate(offsetDate(expr, offset), format, name === '$localDatetime');
    }
    case '$randomInt': {
      if (args.length !== 0 && args.length !== 2)
        throw new VariableError(`{{${expr}}}: write {{$randomInt}} or {{$randomInt MIN MAX}}`);
      const [a = 0n, b = 1000n] = args.map(integer);
      if (a === undefined || b === undefined)
        throw new VariableError(`{{${expr}}}: MIN and MAX must be integers, e.g. {{$randomInt 1 100}}`);
      // REST Client's MAX is excluded; httpyac's examples also write MIN > MAX, read as the same range.
      const [min, max] = a <= b ? [a, b] : [b, a];
      return String(min === max ? min : randomBetween(min, max));
    }
    case '$processEnv':
      return processEnv(expr, args[0], s);
    case '$random.email':
      return `${randomText(ALPHANUMERIC, 10)}@example.com`;
    case '$dotenv':
      throw new VariableError(
        `{{${expr}}}: .env files are not read; put the value in http-client.env.json (or the private one) or use {{$processEnv NAME}}`,
      );
  }
  const call = /^\$random\.(\w+)\(\s*([^)]*?)\s*\)$/.exec(expr);
  if (call) {
    const parts = call[2] ? call[2].split(/\s*,\s*/) : [];
    const nums = parts.map(Number);
    const [a = NaN, b = NaN] = nums;
    switch (call[1]) {
      case 'integer':
        {
          const [lo, hi] = parts.map(integer);
          if (parts.length === 2 && lo !== undefined && hi !== undefined && lo < hi) return String(randomBetween(lo, hi));
        }
        break;
      case 'float':
        if (Number.isFinite(a) && Number.isFinite(b) && a < b) return String(a + Math.random() * (b - a));
        break;
      case 'alphabetic':
      case 'alphanumeric':
      case 'hexadecimal':
        if (Number.isInteger(a) && a >= 0 && a <= 10_000)
          return randomText(call[1] === 'alphabetic' ? ALPHABETIC : call[1] === 'alphanumeric' ? ALPHANUMERIC : HEX, a);
        break;
    }
    throw new VariableError(
      `{{${expr}}}: write $random.integer(MIN, MAX) or $random.float(MIN, MAX) with MIN < MAX, or $random.${call[1]}(LENGTH)`,
    );
  }
  throw new VariableError(
    `{{${expr}}} is not a dynamic variable: use $uuid, $timestamp, $isoTimestamp, $datetime FORMAT, $randomInt MIN MAX, $random.integer(MIN, MAX), $random.alphabetic(LENGTH) or $processEnv NAME`,
  );
}

function processEnv(expr: string, name: string | undefined, s: VariableSources): string {
  const value = name ? (s.processEnv ?? process.env)[name] : undefined;
  if (value === undefined)
    throw new VariableError(
      `{{${expr}}}: ${name ? `the environment variable ${name} is not set` : 'name the environment variable, e.g. {{$processEnv TOKEN}}'}`,
    );
  return value;
}

const ALPHABETIC = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ALPHANUMERIC = `${ALPHABETIC}0123456789`;
const HEX = '0123456789abcdef';

function randomText(chars: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += chars[randomInt(chars.length)];
  return out;
}

/** Milliseconds of REST Client's offset units (`2 h`, `-1 d`). */
const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** Now, moved by REST Client's optional `OFFSET UNIT` (`y` and `M` move the calendar). */
function offsetDate(expr: string, args: readonly string[]): Date {
  const d = new Date();
  if (args.length === 0) return d;
  const [n, unit = ''] = args;
  const amount = Number(n);
  if (args.length !== 2 || !Number.isInteger(amount) || !(unit in UNIT_MS || unit === 'y' || unit === 'M'))
    throw new VariableError(`{{${expr}}}: an offset is a whole number and a unit (y, M, w, d, h, m, s, ms), e.g. 2 h`);
  if (unit === 'y') d.setUTCFullYear(d.getUTCFullYear() + amount);
  else if (unit === 'M') d.setUTCMonth(d.getUTCMonth() + amount);
  else d.setTime(d.getTime() + amount * UNIT_MS[unit]!);
  return d;
}

/** `iso8601`, `rfc1123`, or a quoted pattern of YYYY, MM, DD, HH, mm, ss, SSS (UTC unless `local`). */
function formatDate(d: Date, format: string, local: boolean): string {
  if (format === 'iso8601') return local ? localIso(d) : d.toISOString();
  if (format === 'rfc1123') return d.toUTCString();
  const pattern = /^(["'])(.*)\1$/.exec(format)?.[2];
  if (pattern === undefined)
    throw new VariableError(`{{$datetime ${format}}}: the format is iso8601, rfc1123 or a quoted pattern such as "YYYY-MM-DD"`);
  const get = local
    ? { Y: d.getFullYear(), M: d.getMonth() + 1, D: d.getDate(), H: d.getHours(), m: d.getMinutes(), s: d.getSeconds(), S: d.getMilliseconds() }
    : { Y: d.getUTCFullYear(), M: d.getUTCMonth() + 1, D: d.getUTCDate(), H: d.getUTCHours(), m: d.getUTCMinutes(), s: d.getUTCSeconds(), S: d.getUTCMilliseconds() };
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return pattern.replace(/YYYY|YY|MM|DD|HH|mm|ss|SSS/g, (t) =>
    t === 'YYYY' ? String(get.Y) : t === 'YY' ? pad(get.Y % 100) : t === 'MM' ? pad(get.M) : t === 'DD' ? pad(get.D) : t === 'HH' ? pad(get.H) : t === 'mm' ? pad(get.m) : t === 'ss' ? pad(get.s) : pad(get.S, 3),
  );
}

function localIso(d: Date): string {
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  const pad = (n: number) => String(Math.floor(Math.abs(n))).padStart(2, '0');
  const shifted = new Date(d.getTime() + off * 60_000).toISOString().slice(0, -1);
  return `${shifted}${sign}${pad(off / 60)}:${pad(off % 60)}`;
}

/**
 * `name.response.body.$.path`, `name.response.body` (the whole last message),
 * `name.response.headers.KEY`, `name.response.trailers.KEY`, `name.response.status`,
 * or httpyac's `name.path` on the last message.
 */
function replyValue(expr: string, replies: ReadonlyMap<string, Reply>): string | undefined {
  const dot = expr.indexOf('.');
  const reply = dot > 0 ? replies.get(expr.slice(0, dot)) : replies.get(expr);
  if (!reply) return undefined;
  const rest = dot > 0 ? expr.slice(dot + 1) : '';
  const body = reply.body;
  let value: unknown;
  if (rest === '' || rest === 'response.body') value = body;
  else if (rest === 'response.status') value = reply.code;
  else if (rest.startsWith('response.body.')) value = field(body, rest.slice('response.body.'.length), expr);
  else if (/^response\.(headers|trailers)\./.test(rest)) {
    const [, which, key] = /^response\.(headers|trailers)\.(.+)$/.exec(rest)!;
    value = (which === 'headers' ? reply.headers : reply.trailers).find(
      ([k]) => k.toLowerCase() === key!.toLowerCase(),
    )?.[1];
  } else value = field(body, rest, expr);
  if (value === undefined)
    throw new VariableError(`{{${expr}}}: the reply of "${expr.slice(0, dot)}" has nothing at ${rest}`);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function field(body: unknown, path: string, expr: string): unknown {
  try {
    return getField(body, parseFieldPath(path));
  } catch (e) {
    throw new VariableError(`{{${expr}}}: ${(e as Error).message}`);
  }
}

/** An integer written in a request file (any size: int64 ids are common), or undefined. */
function integer(text: string): bigint | undefined {
  return /^\s*[-+]?\d+\s*$/.test(text) ? BigInt(text.trim()) : undefined;
}

/**
 * A uniform integer in [min, max). node's randomInt takes ranges below 2^48 of safe integers only;
 * wider ranges (int64 ids) draw random bytes and reject draws past the range's last whole multiple.
 */
function randomBetween(min: bigint, max: bigint): bigint {
  const range = max - min;
  if (range < 2n ** 48n && min >= BigInt(Number.MIN_SAFE_INTEGER) && max <= BigInt(Number.MAX_SAFE_INTEGER))
    return BigInt(randomInt(Number(min), Number(max)));
  const bytes = Math.ceil(range.toString(16).length / 2);
  const space = 1n << BigInt(bytes * 8);
  const limit = space - (space % range);
  for (;;) {
    const draw = BigInt(`0x${randomBytes(bytes).toString('hex')}`);
    if (draw < limit) return min + (draw % range);
  }
}
