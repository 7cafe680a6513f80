/**
 * Environments in the convention of the IntelliJ HTTP Client and httpyac:
 * `http-client.env.json` (shared, committed) and `http-client.private.env.json`
 * (secrets, git-ignored), each `{ "$shared": {…}, "dev": {…}, "prod": {…} }`.
 * A value in the private file wins over the shared file's, and a named
 * environment's over `$shared`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const ENV_FILE = 'http-client.env.json';
export const PRIVATE_ENV_FILE = 'http-client.private.env.json';
const SHARED = '$shared';

type EnvJson = Record<string, Record<string, unknown>>;

/** The environment files found for one `.http` file. */
export interface Environments {
  /** Directory holding the files; undefined when none was found. */
  readonly dir?: string;
  readonly public: EnvJson;
  readonly private: EnvJson;
  /** Problems reading them, naming the file. */
  readonly errors: readonly string[];
}

/** Environment names (without `$shared`), sorted. */
export function environmentNames(envs: Environments): string[] {
  return [...new Set([...Object.keys(envs.public), ...Object.keys(envs.private)])].filter((n) => n !== SHARED).sort();
}

/** The variables of environment `name` (only `$shared` when undefined). Throws for an unknown name. */
export function environmentValues(envs: Environments, name?: string): Record<string, string> {
  if (name !== undefined && !environmentNames(envs).includes(name)) {
    const known = environmentNames(envs);
    const where = envs.dir
      ? `${join(envs.dir, ENV_FILE)}`
      : `no ${ENV_FILE} was found next to the request file or above it`;
    throw new Error(
      `environment "${name}" is not defined (${known.length ? `known: ${known.join(', ')}` : 'none defined'}; ${where})`,
    );
  }
  const layers = [envs.public[SHARED], envs.private[SHARED], ...(name ? [envs.public[name], envs.private[name]] : [])];
  const out: Record<string, string> = {};
  for (const layer of layers)
    for (const [k, v] of Object.entries(layer ?? {})) out[k] = typeof v === 'string' ? v : JSON.stringify(v);
  return out;
}

/** The directory of the nearest environment file at or above `fromDir`, up to `stopDir` (inclusive) or the root. */
export function findEnvironmentDir(fromDir: string, stopDir?: string): string | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    if (existsSync(join(dir, ENV_FILE)) || existsSync(join(dir, PRIVATE_ENV_FILE))) return dir;
    if (dir === stopDir || dirname(dir) === dir) return undefined;
  }
}

/** Reads the environment files that apply to a request file in `fromDir`. Never throws. */
export function loadEnvironments(fromDir: string, stopDir?: string): Environments {
  const dir = findEnvironmentDir(fromDir, stopDir);
  if (!dir) return { public: {}, private: {}, errors: [] };
  const errors: string[] = [];
  const read = (file: string): EnvJson => {
    const path = join(dir, file);
    if (!existsSync(path)) return {};
    try {
      return parseEnvironmentJson(readFileSync(path, 'utf8'));
    } catch (e) {
      errors.push(`${path}: ${(e as Error).message}`);
      return {};
    }
  };
  return { dir, public: read(ENV_FILE), private: read(PRIVATE_ENV_FILE), errors };
}

/** Parses one environment file's text, checking its shape: an object of objects. */
export function parseEnvironmentJson(text: string): EnvJson {
  const value = JSON.parse(text) as unknown;
  if (!isObject(value))
    throw new Error('expected an object of environments, e.g. {"dev": {"host": "localhost:50051"}}');
  for (const [name, vars] of Object.entries(value)) {
    if (!isObject(vars)) throw new Error(`environment "${name}" should be an object of variables`);
  }
  return value as EnvJson;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
