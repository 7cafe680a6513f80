import { spawn } from 'node:child_process';
import { createReadStream, openSync, closeSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { PROTO_ROOT } from '../sample-server/protos';
import type { Comparison, RunResult } from './harness';
import type { BenchContext, Suite } from './suite';

/** Makes a child report its own CPU time (user + system µs) on fd 3 as it exits. */
const REPORT_CPU =
  'data:text/javascript,import{writeSync}from"node:fs";' +
  'process.on("exit",()=>{const u=process.cpuUsage();writeSync(3,String(u.user+u.system))})';

/** dist/bench.js sits in dist/, beside dist/cli.js; the minimal client is a plain script in bench/. */
const CLI = resolve(__dirname, 'cli.js');
const MINIMAL = resolve(__dirname, '..', 'bench', 'minimal-json-client.mjs');

/**
 * Runs `node args…` to completion with stdout into a fresh temp file and
 * stderr to /dev/null, timed as a person would time it (process start to
 * exit). Returns the run and the output file, which the caller checks and
 * removes.
 */
async function runProcess(args: readonly string[], stderrToFile: boolean): Promise<{ run: RunResult; out: string }> {
  const out = join(
    tmpdir(),
    `grpc-explorer-bench-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.jsonl`,
  );
  const fd = openSync(out, 'w');
  const errFd = openSync(stderrToFile ? out + '.err' : '/dev/null', 'w');
  try {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['--import', REPORT_CPU, ...args], { stdio: ['ignore', fd, errFd, 'pipe'] });
    let cpu = '';
    child.stdio[3]!.on('data', (b: Buffer) => (cpu += b.toString()));
    const code = await new Promise<number | null>((ok, fail) => child.once('error', fail).once('close', ok));
    const elapsedUs = (performance.now() - t0) * 1000;
    if (code !== 0) throw new Error(`node ${args.join(' ')} exited with ${code}`);
    return { run: { ops: 0, elapsedUs, cpuUs: Number(cpu) }, out };
  } finally {
    closeSync(fd);
    closeSync(errFd);
  }
}

/** Counts the JSON lines of a run's output and checks the last is message `count`; removes the files. */
async function checkLines(file: string, count: number, who: string): Promise<number> {
  try {
    let lines = 0;
    let last = '';
    for await (const line of createInterface({ input: createReadStream(file) })) {
      lines++;
      last = line;
    }
    const seq = (JSON.parse(last || '{}') as { seq?: string }).seq;
    if (lines !== count || seq !== String(count))
      throw new Error(`${who}: expected ${count} lines ending at seq ${count}, got ${lines} ending at ${seq}`);
    return lines;
  } finally {
    rmSync(file, { force: true });
    rmSync(file + '.err', { force: true });
  }
}

/** `grpc-explorer call … Streams/Generate {"count":N}`, optionally with --timing (one stderr line per event). */
function cliStream(ctx: BenchContext, count: number, timing: boolean) {
  const args = [
    CLI,
    'call',
    '--plaintext',
    ctx.address,
    'explorer.sample.v1.Streams/Generate',
    '-d',
    `{"count":${count}}`,
  ];
  return async (): Promise<RunResult> => {
    const { run, out } = await runProcess(timing ? [...args, '--timing'] : args, timing);
    return { ...run, ops: await checkLines(out, count, 'grpc-explorer call') };
  };
}

/** The minimal grpc-js + proto-loader program printing JSON.stringify lines (bench/minimal-json-client.mjs). */
function minimalStream(ctx: BenchContext, count: number) {
  return async (): Promise<RunResult> => {
    const { run, out } = await runProcess([MINIMAL, PROTO_ROOT, ctx.address, String(count)], false);
    return { ...run, ops: await checkLines(out, count, 'minimal client') };
  };
}

/**
 * A 1,000,000-message Streams.Generate printed as JSON lines: the whole
 * `grpc-explorer call` process (start, reflection, stream, exit) against
 * the minimal program a person would write, both writing to a file.
 */
function cliStreamSuite(timing: boolean): Suite {
  const id = timing ? 'cli-stream-timing' : 'cli-stream';
  return {
    id,
    kind: 'comparison',
    make: (ctx) => {
      const n = Math.max(10, Math.round(1_000_000 * ctx.scale));
      const warm = Math.max(10, Math.round(n / 50));
      const figure: Comparison = {
        id,
        title:
          `${n.toLocaleString('en-US')}-message Streams.Generate printed as JSON lines, \`grpc-explorer call\`` +
          `${timing ? ' --timing' : ''} vs a minimal grpc-js + proto-loader client (JSON.stringify lines)`,
        unit: 'msgs/s',
        target: timing ? 0.8 : 0.9,
        rounds: ctx.rounds ?? 3,
        subject: { name: timing ? 'cli --timing' : 'cli', run: cliStream(ctx, n, timing) },
        baseline: { name: 'minimal client', run: minimalStream(ctx, n) },
        // Processes start cold every time; the warm-up only fills the page cache with both programs.
        warmup: async () => void (await cliStream(ctx, warm, timing)(), await minimalStream(ctx, warm)()),
      };
      return { figure, clients: [] };
    },
  };
}

export const cliStreamSuites: readonly Suite[] = [cliStreamSuite(false), cliStreamSuite(true)];
