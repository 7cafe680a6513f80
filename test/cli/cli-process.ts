/**
 * Runs the BUILT command line (dist/cli.js) as a child process, the way a
 * user runs it: `npm test` builds first; in a manual run, `npm run build`.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

export const CLI = resolve(__dirname, '../../dist/cli.js');

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function spawnCli(args: readonly string[]): ChildProcessWithoutNullStreams {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  return spawn(process.execPath, [CLI, ...args], { stdio: 'pipe' });
}

/** Runs the CLI to completion; `input` is written to its stdin, which is then closed. */
export function runCli(args: readonly string[], input: string | Uint8Array = ''): Promise<CliResult> {
  const child = spawnCli(args);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdin.end(input);
  return new Promise((ok) => child.on('close', (code) => ok({ code, stdout, stderr })));
}

/** stdout lines parsed as JSON. */
export function jsonLines(text: string): Record<string, unknown>[] {
  return text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
}

/**
 * A CLI process to converse with: write a line to stdin, read the next stdout
 * line. Proves that `-d @` sends each message as it is typed.
 */
export function converse(args: readonly string[]) {
  const child = spawnCli(args);
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const closed = new Promise<number | null>((ok) => child.on('close', ok));
  return {
    write: (line: string) => void child.stdin.write(line + '\n'),
    async readLine(): Promise<string> {
      const next = await lines.next();
      if (next.done) throw new Error(`the CLI closed stdout; stderr: ${stderr}`);
      return next.value;
    },
    /** Closes stdin (Ctrl-D) and waits for the exit status. */
    async end(): Promise<{ code: number | null; stderr: string }> {
      child.stdin.end();
      const code = await closed;
      return { code, stderr };
    },
  };
}

/** A file in a fresh temporary directory. */
export function tempFile(name: string, content: string | Buffer): string {
  const path = join(mkdtempSync(join(tmpdir(), 'grpc-explorer-cli-')), name);
  writeFileSync(path, content);
  return path;
}
