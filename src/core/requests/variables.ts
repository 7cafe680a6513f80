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
import { randomInt, randomUUID } from 'node:crypto';
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

/** Replaces every `{{…}}` in `text`. Throws VariableError for the first one that cannot be resolved. */
export function substitute(text: string, sources: VariableSources, depth = 0): string {
  return text.replace(VARIABLE, (_, expr: string) => resolve(expr, sources, depth));
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

function dynamic(expr: string, s: VariableSources): string {
  const [name = '', ...args] = expr.split(/\s+/);
  switch (name) {
    case '$uuid':
    case '$random.uuid':
      return randomUUID();
    case '$timestamp':
      return String(Math.floor(Date.now() / 1000));
    case '$isoTimestamp':
      return new Date().toISOString();
    case '$randomInt': {
      const [min = 0, max = 1000] = args.map(Number);
      if (args.length && (args.length !== 2 || !(min < max)))
        throw new VariableError(`{{${expr}}}: write {{$randomInt MIN MAX}} with MIN < MAX`);
      return String(randomInt(min, max));
    }
    case '$processEnv': {
      const value = args[0] ? (s.processEnv ?? process.env)[args[0]] : undefined;
      if (value === undefined)
        throw new VariableError(
          `{{${expr}}}: ${args[0] ? `the environment variable ${args[0]} is not set` : 'name the environment variable, e.g. {{$processEnv TOKEN}}'}`,
        );
      return value;
    }
  }
  const int = /^\$random\.integer\(\s*(-?\d+)\s*,\s*(-?\d+)\s*\)$/.exec(expr);
  if (int && Number(int[1]) < Number(int[2])) return String(randomInt(Number(int[1]), Number(int[2])));
  throw new VariableError(
    `{{${expr}}} is not a dynamic variable: use $uuid, $timestamp, $isoTimestamp, $randomInt MIN MAX or $processEnv NAME`,
  );
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
