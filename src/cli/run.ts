/**
 * `grpc-explorer run FILE_OR_DIR… [--env NAME] [--name REQ] [--junit FILE] [--json] [--max-msg-size BYTES]`:
 * runs the gRPC requests of `.http` files in order, streams included, checks
 * their `??` assertions and prints a summary. Exits 0 when every request
 * passed, else with the status of the first failure: 64 + code for a call
 * that ended badly or a message over the send limit (72, RESOURCE_EXHAUSTED,
 * as `call` says), 3 for a failed assertion, 1 for a request that could not
 * be sent (bad file, unknown variable, invalid message).
 */
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { environmentValues, loadEnvironments } from '../core/requests/environments';
import { parseRequestFile } from '../core/requests/parse';
import { RequestRunner } from '../core/requests/runner';
import type { FileDiagnostic, GrpcRequest, RequestFile } from '../core/requests/types';
import { closeAll } from '../core/schema/discover';
import type { RunArgs } from './args-run';
import { EXIT } from './exit';
import { junitXml } from './junit';
import type { Output } from './output';
import { formatMs, reportRequest, type FileRun } from './run-report';
import { UsageError } from './units';

interface LoadedFile {
  readonly path: string;
  readonly parsed: RequestFile;
  readonly selected: readonly GrpcRequest[];
}

export async function runCommand(args: RunArgs, out: Output): Promise<number> {
  const files = loadFiles(args);
  const errors = files.flatMap((f) =>
    f.parsed.diagnostics.filter((d) => d.severity === 'error').map((d) => [f.path, d] as const),
  );
  for (const f of files) for (const d of f.parsed.diagnostics) out.stderr(diagnosticLine(f.path, d));
  if (errors.length && !args.keepGoing) {
    out.stderr(
      `${errors.length} error${errors.length > 1 ? 's' : ''} in request files: nothing was run (--keep-going runs the good requests anyway)\n`,
    );
    return EXIT.local;
  }
  const abort = new AbortController();
  const stop = () => abort.abort();
  process.once('SIGINT', stop);
  const started = performance.now();
  const runs: FileRun[] = [];
  try {
    for (const f of files) runs.push(await runFile(f, args, abort.signal, out));
  } finally {
    process.off('SIGINT', stop);
    closeAll();
  }
  const all = runs.flatMap((r) => r.results);
  const failed = all.filter((r) => !r.passed);
  const total = performance.now() - started;
  if (args.junit) writeFileSync(args.junit, junitXml(runs));
  if (args.json)
    out.stdout(
      JSON.stringify({
        passed: all.length - failed.length,
        failed: failed.length,
        duration_ms: round(total),
        files: runs,
      }) + '\n',
    );
  else
    out.stdout(
      `${all.length} request${all.length === 1 ? '' : 's'}: ${all.length - failed.length} passed, ${failed.length} failed (${formatMs(total)})\n`,
    );
  return failed[0]?.exit ?? EXIT.ok;
}

async function runFile(f: LoadedFile, args: RunArgs, signal: AbortSignal, out: Output): Promise<FileRun> {
  const dir = dirname(resolve(f.path));
  const envs = loadEnvironments(dir);
  for (const e of envs.errors) out.stderr(`warning: ${e}\n`);
  let environment: Record<string, string>;
  try {
    environment = environmentValues(envs, args.env);
  } catch (e) {
    throw new UsageError(`--env ${args.env}: ${(e as Error).message}`);
  }
  const runner = new RequestRunner({
    environment,
    searched: `the file's @variables, ${args.env ? `environment "${args.env}"` : 'the $shared environment'} or the process environment (set ${'$'}NAME)`,
    fallback: (name) => process.env[name] ?? process.env[name.toUpperCase().replace(/[^A-Z0-9_]/g, '_')],
    emitDefaults: args.emitDefaults,
    signal,
    ...(args.maxMessageBytes !== undefined ? { maxMessageBytes: args.maxMessageBytes } : {}),
    ...(args.verbose ? { onMessage: (_req, json) => out.stdout(`    ${JSON.stringify(json)}\n`) } : {}),
  });
  if (!args.json) out.stdout(`${f.path}\n`);
  const results = [];
  try {
    for (const req of f.selected) {
      if (signal.aborted) break;
      if (args.verbose && !args.json) out.stdout(`  → ${req.name ?? req.method} (line ${req.line + 1})\n`);
      const r = reportRequest(await runner.run(req, { fileVariables: f.parsed.variables, baseDir: dir }));
      results.push(r);
      if (args.json) continue;
      out.stdout(`  ${r.passed ? '✓' : '✗'} ${r.title}  ${r.summary}\n`);
      for (const a of r.assertions) out.stdout(`      ${a.passed ? '✓' : '✗'} ${a.message}\n`);
      if (r.failureType === 'status') out.stdout(`      ${r.failure}\n`);
    }
  } finally {
    runner.close();
  }
  return { file: f.path, results };
}

/** Files named, and the `.http` files under directories named (sorted, so runs are repeatable). */
function loadFiles(args: RunArgs): LoadedFile[] {
  const paths = args.paths.flatMap((p) => expand(p));
  if (paths.length === 0) throw new UsageError(`no .http files in ${args.paths.join(', ')}`);
  const files = paths.map((path) => {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      throw new Error(`cannot read ${path}: ${(e as Error).message}`);
    }
    const parsed = parseRequestFile(text);
    const selected = args.names.length
      ? parsed.requests.filter((r) => r.name && args.names.includes(r.name))
      : parsed.requests;
    return { path, parsed, selected };
  });
  const known = new Set(files.flatMap((f) => f.parsed.requests.map((r) => r.name).filter(Boolean)));
  const unknown = args.names.filter((n) => !known.has(n));
  if (unknown.length)
    throw new UsageError(
      `--name ${unknown[0]}: no request has that # @name (named: ${[...known].join(', ') || 'none'})`,
    );
  return files;
}

function expand(path: string): string[] {
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st) throw new Error(`${path}: no such file or directory`);
  if (st.isFile()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => {
      const child = join(path, name);
      if (name === 'node_modules' || name.startsWith('.')) return [];
      return statSync(child).isDirectory() ? expand(child) : name.endsWith('.http') ? [child] : [];
    });
}

function diagnosticLine(file: string, d: FileDiagnostic): string {
  return `${file}:${d.line + 1}: ${d.severity}: ${d.message}\n`;
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;
