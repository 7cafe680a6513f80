/**
 * Assertions in httpyac's `??` form (https://httpyac.github.io/guide/assert.html):
 * `?? status == OK`, `?? body $.value == 42`, `?? messages == 3`,
 * `?? duration < 500`, `?? header content-type contains grpc`. httpyac's `js`
 * and `xpath` forms run scripts or XML queries; they are reported, not run.
 */
import { isDeepStrictEqual } from 'node:util';
import { codeName, parseCode } from '../errors';
import { getField, parseFieldPath } from '../experiments/field-path';
import type { Assertion, AssertionSubject, FileDiagnostic } from './types';

const SUBJECTS: readonly AssertionSubject[] = ['status', 'body', 'messages', 'duration', 'header', 'trailer'];
const BINARY = ['==', 'equals', '!=', '<', '<=', '>', '>=', 'contains', 'includes', 'startsWith', 'endsWith', 'matches'];
/** httpyac's hash conditions compare digests of the raw body, which a gRPC reply (protobuf, not text) does not have. */
const HASHES = ['sha256', 'sha512', 'md5'];
/** httpyac's `?? duration IDENTIFIER …` timings; only the total exists for a gRPC call. */
const TIMINGS = ['firstByte', 'download', 'wait', 'request', 'tcp', 'tls', 'total'];
const UNARY = ['exists', 'isTrue', 'isFalse', 'isNumber', 'isString', 'isBoolean', 'isArray'];
const OPERATORS = new Set([...BINARY, ...UNARY]);

/** Parses the text of a `??` line; a diagnostic when it cannot be run. */
export function parseAssertion(text: string, line: number): Assertion | FileDiagnostic {
  const source = text.replace(/^\?\?\s*/, '').trim();
  const [subject = '', ...rest] = source.split(/\s+/);
  if (!(SUBJECTS as readonly string[]).includes(subject)) {
    const known = SUBJECTS.join(', ');
    return {
      line,
      severity: 'warning',
      message: `assertion "?? ${subject}" is not run: gRPC Explorer checks ${known} (scripts are never run)`,
    };
  }
  const keyed = subject === 'header' || subject === 'trailer';
  if (subject === 'duration' && TIMINGS.includes(rest[0] ?? '')) {
    const timing = rest.shift();
    if (timing !== 'total')
      return {
        line,
        severity: 'warning',
        message: `assertion "?? duration ${timing}" is not run: a gRPC call has only its total duration (?? duration < 500)`,
      };
  }
  let path = '';
  if (keyed || (subject === 'body' && rest[0] !== undefined && !OPERATORS.has(rest[0]) && !HASHES.includes(rest[0]))) path = rest.shift() ?? '';
  const operator = rest.shift() ?? '';
  const expected = rest.join(' ');
  if (HASHES.includes(operator))
    return {
      line,
      severity: 'warning',
      message: `assertion "?? ${source}" is not run: ${operator} hashes a raw body, and a gRPC reply is protobuf (compare fields with ?? body $.field == …)`,
    };
  const fail = (why: string): FileDiagnostic => ({ line, severity: 'error', message: `?? ${source}: ${why}` });
  if (keyed && !path) return fail(`name the ${subject}, e.g. ?? ${subject} content-type contains grpc`);
  if (!OPERATORS.has(operator))
    return fail(
      `expected an operator (${[...OPERATORS].join(', ')}) after "${[subject, path].filter(Boolean).join(' ')}"`,
    );
  if (BINARY.includes(operator) && expected === '') return fail(`${operator} needs a value to compare with`);
  if (UNARY.includes(operator) && expected !== '') return fail(`${operator} takes no value`);
  if (subject === 'body' && path) {
    try {
      parseFieldPath(path);
    } catch (e) {
      return fail((e as Error).message);
    }
  }
  return { line, source, subject: subject as AssertionSubject, path, operator, expected };
}

export function isAssertion(x: Assertion | FileDiagnostic): x is Assertion {
  return 'subject' in x;
}

/** What a finished call offers to its assertions. */
export interface CallFacts {
  readonly code: number;
  readonly received: number;
  /** The last message received, as canonical JSON: a stream's final reply, a unary call's reply. */
  readonly body: unknown;
  readonly durationMs: number;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly trailers: ReadonlyArray<readonly [string, string]>;
}

export interface AssertionResult {
  readonly assertion: Assertion;
  readonly passed: boolean;
  /** What was found, for the report (`expected 42, got "41"`). */
  readonly message: string;
}

/** Evaluates one assertion whose `expected` text has had its variables substituted. */
export function evaluate(a: Assertion, expected: string, facts: CallFacts): AssertionResult {
  const actual = actualValue(a, facts);
  const want = a.subject === 'status' ? statusValue(expected) : expected;
  const passed = compare(a.operator, actual, want);
  const shown =
    a.subject === 'status' && typeof actual === 'number' ? codeName(actual) : (JSON.stringify(actual) ?? 'nothing');
  const message = passed ? `${a.source}` : `${a.source}: got ${shown}`;
  return { assertion: a, passed, message };
}

/** The body is the last message received (a stream's final reply; the reply of a unary call). */
function actualValue(a: Assertion, facts: CallFacts): unknown {
  switch (a.subject) {
    case 'status':
      return facts.code;
    case 'messages':
      return facts.received;
    case 'duration':
      return facts.durationMs;
    case 'header':
    case 'trailer': {
      const list = a.subject === 'header' ? facts.headers : facts.trailers;
      const found = list.filter(([k]) => k.toLowerCase() === a.path.toLowerCase()).map(([, v]) => v);
      return found.length === 0 ? undefined : found.join(', ');
    }
    case 'body':
      return a.path ? getField(facts.body, parseFieldPath(a.path)) : facts.body;
  }
}

/** `OK`, `NOT_FOUND`, `not found` or `5` all name a status. */
function statusValue(text: string): number | string {
  return parseCode(text.trim().replace(/\s+/g, '_')) ?? text;
}

function compare(op: string, actual: unknown, expectedText: string | number): boolean {
  switch (op) {
    case 'exists':
      return actual !== undefined && actual !== null;
    case 'isTrue':
      return actual === true || actual === 'true';
    case 'isFalse':
      return actual === false || actual === 'false';
    case 'isNumber':
      return typeof actual === 'number' || (typeof actual === 'string' && /^-?\d+(\.\d+)?$/.test(actual));
    case 'isString':
      return typeof actual === 'string';
    case 'isBoolean':
      return typeof actual === 'boolean';
    case 'isArray':
      return Array.isArray(actual);
  }
  const text = String(expectedText);
  const a = typeof actual === 'string' ? actual : (JSON.stringify(actual) ?? '');
  switch (op) {
    case '==':
    case 'equals':
      return equal(actual, expectedText);
    case '!=':
      return !equal(actual, expectedText);
    case 'contains':
    case 'includes':
      return a.includes(text);
    case 'startsWith':
      return a.startsWith(text);
    case 'endsWith':
      return a.endsWith(text);
    case 'matches':
      return new RegExp(text).test(a);
  }
  const [x, y] = [Number(actual), Number(expectedText)];
  if (Number.isNaN(x) || Number.isNaN(y)) return false;
  return op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : x >= y;
}

/**
 * Equality that reads the expected text as JSON where it parses (`42`, `"42"`,
 * `{"a":1}`, `true`) and as a bare string otherwise. Numbers compare by value
 * whether the reply has them as numbers or, like int64 in proto3 JSON, as strings.
 */
function equal(actual: unknown, expected: string | number): boolean {
  if (typeof expected === 'number') return actual === expected;
  // Numbers are compared from their text: JSON.parse would round 64-bit integers.
  if (isNumeric(actual) && isNumeric(expected.trim().replace(/^"(.*)"$/, '$1'))) {
    return BigIntOrNumber(actual) === BigIntOrNumber(expected.trim().replace(/^"(.*)"$/, '$1'));
  }
  let want: unknown = expected;
  try {
    want = JSON.parse(expected);
  } catch {
    /* a bare word: compare as text */
  }
  if (typeof want === 'object' && want !== null) return isDeepStrictEqual(actual, want);
  return actual === want || (typeof actual === 'string' && actual === expected);
}

const isNumeric = (v: unknown) => typeof v === 'number' || (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v));
const BigIntOrNumber = (v: unknown): string => {
  const s = String(v);
  return /^-?\d+$/.test(s) ? BigInt(s).toString() : String(Number(s));
};
