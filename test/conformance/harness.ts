/**
 * The differential conformance test: seeded random messages (./generate.ts)
 * and mutations of them go through our codec and through Google's reference
 * (./reference.py), and every difference is reported. See docs/CONFORMANCE.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as protobuf from 'protobufjs';
import { codecFor } from '../../src/core/json/codec';
import { InputError } from '../../src/core/errors';
import type { MessageCodec } from '../../src/core/json/types';
import { isLosslessNumber, parse, stringify } from 'lossless-json';
import { Generator, Literal, random, toText } from './generate';
import { Reference } from './reference';

export const PROTO_DIR = __dirname;
export const PROTO_FILE = 'conformance.proto';
export const MESSAGE = 'explorer.conformance.v1.Everything';

/** The schema compiled by protoc (--include_imports): what a protoc-built server embeds and Python loads. */
export function protocSet(): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'conformance-set-'));
  try {
    const out = join(dir, 'set.pb');
    execFileSync('protoc', ['--include_imports', `--descriptor_set_out=${out}`, '-I', PROTO_DIR, PROTO_FILE]);
    return readFileSync(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface Disagreement {
  seed: number;
  case: number;
  kind: string;
  input: string;
  detail: string;
}

export interface ConformanceResult {
  cases: number;
  /** Cases the reference accepted (valid) and rejected (invalid). */
  valid: number;
  invalid: number;
  disagreements: Disagreement[];
  /** Documented differences (see KNOWN_DIFFERENCES), by name: how often each was met. */
  known: Map<string, number>;
}

const BATCH = 64;

/**
 * The places where we differ from the reference on purpose, each with its
 * reason (docs/CONFORMANCE.md lists them). A disagreement matching one is
 * counted under its name instead of failing the run.
 */
export const KNOWN_DIFFERENCES: ReadonlyArray<{ name: string; kind: string; detail: RegExp; reason: string }> = [
  {
    name: 'extra keys beside "value" in an Any holding a well-known type',
    kind: 'rejected-valid',
    detail: /in an Any holding google\.protobuf\.\w+; put its JSON in "value"/,
    reason: 'json_format reads only "value" and ignores the rest silently; we name the stray key (Go\'s protojson rejects it too)',
  },
  {
    name: 'a Duration with more than 9 fraction digits',
    kind: 'rejected-valid',
    detail: /expected a duration like "1\.5s", got "-?\d+\.\d{10,}s"$/,
    reason: 'json_format reads any number of digits and rounds to nanoseconds; the mapping allows 0, 3, 6 or 9 digits (we read 1 to 9)',
  },
  {
    name: 'an Any holding Empty written {"@type": …, "value": {}}',
    kind: 'accepted-invalid',
    detail: /Message type "google\.protobuf\.Empty" has no field named "value"/,
    reason: 'the form Go\'s protojson and grpcurl print; json_format only reads {"@type": …}. We read both and print the reference\'s',
  },
  {
    name: 'bytes with characters outside the base64 alphabets',
    kind: 'rejected-valid',
    detail: /expected base64 bytes \(standard or URL-safe alphabet\)/,
    reason: 'json_format decodes with Python\'s lenient base64, which drops such characters; we refuse the value',
  },
  {
    name: 'an empty array or empty string for a message',
    kind: 'rejected-valid',
    detail: /: expected an object \([\w.]+\), got (?:an array|"")$/,
    reason: 'json_format iterates the value\'s (no) keys and reads an empty message; the mapping says a message is an object',
  },
  {
    name: 'an enum as a string of digits, a boolean, a fraction, or a number beyond int32',
    kind: 'rejected-valid',
    detail: /unknown enum value " *-?\d+ *" for|expected an enum value of [\w.]+ \(.*\) or its number, got (?:-?\d+\.\d+|-?\d{10,}|true|false)$/,
    reason: 'json_format tries int() on any enum value (" 1", 1.5, true, 4294967296 pass); the mapping allows names and int32 numbers',
  },
  {
    name: 'a number beyond double range (1e400) in a Struct or Value',
    kind: 'rejected-valid',
    detail: /: \d(?:\.\d+)?e\d{3,} is out of range for a double$/,
    reason: 'Python\'s json reads 1e400 as Infinity and json_format stores it in the Value, which it then cannot print; a Value holds finite numbers only',
  },
  {
    name: 'a float or double as a boolean, or as a string with spaces around it',
    kind: 'rejected-valid',
    detail: /expected a number \((?:float|double)\) or "NaN", "Infinity", "-Infinity", got (?:"\s*(?:[-+\d.eE]+|-?Infinity|NaN)\s*"|true|false)$/,
    reason: 'json_format passes the value to float(), which reads true as 1.0 and strips whitespace; the mapping wants a number or a numeric string',
  },
];

function knownDifference(kind: string, detail: string): string | undefined {
  return KNOWN_DIFFERENCES.find((k) => k.kind === kind && k.detail.test(detail))?.name;
}

export interface ConformanceOptions {
  seed: number;
  cases: number;
  /** The same schema loaded in different ways (name → root); every one must agree with the reference. */
  roots: Record<string, protobuf.Root>;
  /** Path of the protoc descriptor set the reference loads. */
  setPath: string;
  /** Stop after this many disagreements (a broken build would otherwise print thousands). */
  maxDisagreements?: number;
  /** Called after each batch, for progress on long runs. */
  onProgress?: (result: ConformanceResult) => void;
}

/** Runs the cases; never throws for a disagreement, returns them all. */
export async function runConformance(opts: ConformanceOptions): Promise<ConformanceResult> {
  const codecs = Object.entries(opts.roots).map(([name, root]) => ({ name, codec: codecFor(root, MESSAGE) }));
  const first = Object.values(opts.roots)[0]!;
  const type = first.lookupType(MESSAGE);
  const gen = new Generator(first, opts.seed);
  const mutate = new Mutator(opts.seed ^ 0x5eed);
  const reference = new Reference(opts.setPath, MESSAGE);
  const result: ConformanceResult = { cases: 0, valid: 0, invalid: 0, disagreements: [], known: new Map() };
  const max = opts.maxDisagreements ?? 50;
  try {
    // Cases go to the reference in batches, so its round trips overlap ours; results stay in case order.
    for (let start = 0; start < opts.cases && result.disagreements.length < max; start += BATCH) {
      const batch: Array<Promise<void>> = [];
      for (let i = start; i < Math.min(opts.cases, start + BATCH); i++) {
        const generated = gen.message(type);
        // One case in four is a mutation: an invalid value somewhere, or a valid one in an unusual spot.
        const input = i % 4 === 3 ? toText(mutate.apply(generated)) : toText(generated);
        const found = (kind: string, detail: string) => {
          const known = knownDifference(kind, detail);
          if (known) result.known.set(known, (result.known.get(known) ?? 0) + 1);
          else result.disagreements.push({ seed: opts.seed, case: i, kind, input, detail });
        };
        batch.push(checkCase(input, codecs, reference, found, result));
        result.cases++;
      }
      await Promise.all(batch);
      opts.onProgress?.(result);
    }
  } finally {
    reference.close();
  }
  return result;
}

type Found = (kind: string, detail: string) => void;

/**
 * The smallest input (keys and elements removed one at a time) that still
 * disagrees the same way, for reports a person can read.
 */
export async function shrink(d: Disagreement, roots: Record<string, protobuf.Root>, setPath: string): Promise<Disagreement> {
  const codecs = Object.entries(roots).map(([name, root]) => ({ name, codec: codecFor(root, MESSAGE) }));
  const reference = new Reference(setPath, MESSAGE);
  const stillFails = async (text: string) => {
    let kind: string | undefined;
    let detail = '';
    await checkCase(text, codecs, reference, (k, dt) => ((kind ??= k), (detail ||= dt)), { cases: 0, valid: 0, invalid: 0, disagreements: [], known: new Map() });
    return kind === d.kind ? detail : undefined;
  };
  let value = parse(d.input) as unknown;
  let detail = d.detail;
  try {
    for (let changed = true; changed; ) {
      changed = false;
      for (const smaller of removals(value)) {
        const text = stringify(smaller)!;
        const found = await stillFails(text);
        if (found) {
          value = smaller;
          detail = found;
          changed = true;
          break;
        }
      }
    }
  } finally {
    reference.close();
  }
  return { ...d, input: stringify(value)!, detail };
}

/** Every copy of `value` with one key or element removed, or one container replaced by its contents. */
function* removals(value: unknown): IterableIterator<unknown> {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield [...value.slice(0, i), ...value.slice(i + 1)];
    for (let i = 0; i < value.length; i++) for (const v of removals(value[i])) yield value.map((x, j) => (j === i ? v : x));
  } else if (isObject(value) && !isLosslessNumber(value)) {
    const keys = Object.keys(value);
    for (const k of keys) yield Object.fromEntries(keys.filter((x) => x !== k).map((x) => [x, value[x]]));
    for (const k of keys) for (const v of removals(value[k])) yield { ...value, [k]: v };
  }
}

async function checkCase(
  input: string,
  codecs: Array<{ name: string; codec: MessageCodec }>,
  reference: Reference,
  found: Found,
  result: ConformanceResult,
): Promise<void> {
  const ours = codecs.map(({ name, codec }) => ({ name, ...encode(codec, input) }));
  const [head] = ours;
  for (const other of ours.slice(1)) {
    if (other.error?.message !== head!.error?.message || !sameBytes(other.bytes, head!.bytes)) {
      found('schema-source', `${head!.name} and ${other.name} differ: ${other.error?.message ?? 'bytes'}`);
    }
  }
  const ref = await reference.parse(input, head!.bytes);
  if (ref.crash) return found('reference-crash', ref.crash);
  if (!ref.ok) {
    result.invalid++;
    if (!head!.error) return found('accepted-invalid', `the reference rejects it: ${ref.error}`);
    if (!(head!.error instanceof InputError) || !head!.error.path.startsWith('$')) {
      found('error-without-path', head!.error.message);
    }
    return;
  }
  result.valid++;
  if (head!.error) return found('rejected-valid', `we reject what the reference reads: ${head!.error.message}`);
  if (!ref.oursSame) return found('binary', `our bytes decode to a different message${ref.oursError ? `: ${ref.oursError}` : ''}`);
  await checkOutput(Buffer.from(ref.bytes!, 'base64'), ref.bytes!, ref, codecs, reference, found);
}

/** Our binary → JSON against the reference's, with and without emit-defaults. */
async function checkOutput(
  bytes: Uint8Array,
  base64: string,
  ref: { json?: string; jsonDefaults?: string; printError?: string },
  codecs: Array<{ name: string; codec: MessageCodec }>,
  reference: Reference,
  found: Found,
): Promise<void> {
  for (const { name, codec } of codecs) {
    let plain: string;
    let withDefaults: string;
    try {
      plain = codec.decodeToText(bytes);
      withDefaults = codec.decodeToText(bytes, { emitDefaults: true });
      // What the CLI prints is written in pieces, every repeated message field element by element here.
      for (const [emitDefaults, whole] of [[false, plain], [true, withDefaults]] as const) {
        const pieces: string[] = [];
        codec.decodeToPieces(bytes, (p) => pieces.push(p), { emitDefaults, streamAt: 1 });
        if (pieces.join('') !== whole) return found('pieces', `${name}: written in pieces: ${pieces.join('')}\n  as one text: ${whole}`);
      }
    } catch (e) {
      if (ref.printError) continue; // neither can print it (the mapping has no form for it)
      return found('print-failed', `${name}: ${(e as Error).message}`);
    }
    if (ref.printError) return found('printed-unprintable', `${name} printed what the reference cannot: ${ref.printError}`);
    const diff = jsonDifference(JSON.parse(plain), JSON.parse(ref.json!), '$', false) ??
      jsonDifference(JSON.parse(withDefaults), JSON.parse(ref.jsonDefaults!), '$', true);
    if (diff) return found('json', `${name}: ${diff}\n  ours: ${plain}\n  reference: ${ref.json}`);
    // The reference reads its own output back too: where it cannot (it prints the largest
    // float as 3.4028235e+38, then refuses it as too large), ours is excused alike.
    const back = await reference.reparse([plain, withDefaults], base64);
    if (back.crash) return found('reference-crash', back.crash);
    if (back.same.every(Boolean)) continue;
    const own = await reference.reparse([ref.json!, ref.jsonDefaults!], base64);
    for (const i of [0, 1]) {
      if (!back.same[i] && own.same[i]) {
        found('reparse', `${name}: the reference reads our ${i ? 'emit-defaults ' : ''}JSON as another message ${back.errors[i]}`);
      }
    }
  }
}

function encode(codec: MessageCodec, input: string): { bytes?: Uint8Array; error?: Error } {
  try {
    return { bytes: codec.encodeJson(input) };
  } catch (e) {
    return { error: e as Error };
  }
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && Buffer.from(a).equals(Buffer.from(b)));
}

/**
 * Where two JSON values differ, or undefined. Numbers compare exactly (-0 is
 * not 0). With emit-defaults, our `null` for a key the reference leaves out is
 * the one choice the mapping allows that we make differently: an unset message
 * field prints as null (as Go's EmitUnpopulated and grpcurl do); both read back
 * as unset, which the reparse check proves.
 */
export function jsonDifference(ours: unknown, ref: unknown, path: string, defaults: boolean): string | undefined {
  if (typeof ours === 'number' && typeof ref === 'number') return Object.is(ours, ref) ? undefined : `${path}: ${num(ours)} vs ${num(ref)}`;
  if (Array.isArray(ours) && Array.isArray(ref)) {
    if (ours.length !== ref.length) return `${path}: ${ours.length} elements vs ${ref.length}`;
    for (let i = 0; i < ours.length; i++) {
      const d = jsonDifference(ours[i], ref[i], `${path}[${i}]`, defaults);
      if (d) return d;
    }
    return undefined;
  }
  if (isObject(ours) && isObject(ref)) {
    for (const key of new Set([...Object.keys(ours), ...Object.keys(ref)])) {
      const inOurs = Object.prototype.hasOwnProperty.call(ours, key);
      const inRef = Object.prototype.hasOwnProperty.call(ref, key);
      if (defaults && inOurs && !inRef && ours[key] === null) continue;
      if (!inOurs || !inRef) return `${path}.${key}: ${inOurs ? 'only ours has it' : 'only the reference has it'}`;
      const d = jsonDifference(ours[key], ref[key], `${path}.${key}`, defaults);
      if (d) return d;
    }
    return undefined;
  }
  return ours === ref ? undefined : `${path}: ${JSON.stringify(ours)} vs ${JSON.stringify(ref)}`;
}

const num = (n: number) => (Object.is(n, -0) ? '-0' : String(n));

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Seeded mutations of generated JSON: a value or key somewhere replaced by a likely invalid one. */
class Mutator {
  private readonly rnd: () => number;
  constructor(seed: number) {
    this.rnd = random(seed);
  }
  private pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.rnd() * list.length)]!;
  }

  apply(value: unknown): unknown {
    const spots: Array<{ parent: Record<string, unknown> | unknown[]; key: string | number }> = [];
    const objects: Record<string, unknown>[] = [];
    const walk = (v: unknown) => {
      if (Array.isArray(v)) v.forEach((x, i) => (spots.push({ parent: v, key: i }), walk(x)));
      else if (isObject(v) && !(v instanceof Literal)) {
        objects.push(v);
        for (const k of Object.keys(v)) {
          spots.push({ parent: v, key: k });
          walk(v[k]);
        }
      }
    };
    walk(value);
    const kind = this.rnd();
    if (kind < 0.15 || spots.length === 0) {
      const target = objects.length ? this.pick(objects) : (value as Record<string, unknown>);
      target[this.pick(['unknownField', 'f_int32 ', '@type', 'FInt32', 'f-int32'])] = new Literal('1');
    } else if (kind < 0.2) {
      return nest(this.pick([90, 101, 200]));
    } else {
      const spot = this.pick(spots);
      (spot.parent as Record<string | number, unknown>)[spot.key] = this.pick(BAD_VALUES);
    }
    return value;
  }
}

/** Everything nested `depth` levels deep through `child`. */
function nest(depth: number): unknown {
  let v: unknown = {};
  for (let i = 0; i < depth; i++) v = { child: v };
  return v;
}

const BAD_VALUES: readonly unknown[] = [
  {}, [], [null], true, 'x', '', ' 1', '1 ', '0x10', '1e2', new Literal('1.5'), new Literal('-1'), new Literal('1e400'),
  new Literal('1e2'), new Literal('4294967296'), new Literal('9223372036854775808'), new Literal('18446744073709551616'),
  new Literal('-9223372036854775809'), '9223372036854775808', 'NaN', '-Infinity', 'nan', 'Infinity ', new Literal('3.5e38'),
  '2024-13-01T00:00:00Z', '2024-02-30T00:00:00Z', '10000-01-01T00:00:00Z', '2024-01-01T00:00:00', '2024-01-01 00:00:00Z',
  '1.5', '1.0000000001s', '315576000001s', '-315576000001s', '1s ', 'foo_bar', '@@@', 'YQ', 'YQ=', 'YW=b', '\ud800', 'a\udc00',
  'KIND_C', 'kind_a', new Literal('2147483648'), { '@type': 'type.googleapis.com/nope.Missing' }, { '@type': 'bad' },
  { '@type': 'type.googleapis.com/google.protobuf.Duration', value: 1 }, { '@type': 'type.googleapis.com/google.protobuf.Empty', value: {} },
  { a: new Literal('1e400') }, [new Literal('1'), 'x'],
];
