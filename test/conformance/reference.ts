/**
 * The reference implementation, driven from Node: Google's protobuf for Python
 * (json_format) in one long-lived process running ./reference.py, answering
 * one JSON line per request, in order.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/**
 * A Python that can `import google.protobuf`: Debian's /usr/bin/python3 first
 * (python3 on PATH may be a pyenv build without the package), then python3.
 * Throws saying what to install when there is none.
 */
export function findPython(): string {
  for (const candidate of ['/usr/bin/python3', 'python3']) {
    const r = spawnSync(candidate, ['-c', 'import google.protobuf.json_format'], { stdio: 'ignore' });
    if (r.status === 0) return candidate;
  }
  throw new Error(
    'no Python with Google protobuf found (tried /usr/bin/python3 and python3): install it with ' +
      '`apt-get install python3-protobuf` (npm run setup does this)',
  );
}

export interface ParseAnswer {
  ok: boolean;
  error?: string;
  bytes?: string;
  json?: string;
  jsonDefaults?: string;
  printError?: string;
  oursSame?: boolean;
  oursError?: string;
  crash?: string;
}

export interface ReparseAnswer {
  same: boolean[];
  errors: string[];
  crash?: string;
}

export class Reference {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly waiting: Array<(line: string) => void> = [];
  private stderr = '';

  constructor(descriptorSetPath: string, typeName: string) {
    this.child = spawn(findPython(), [join(__dirname, 'reference.py'), descriptorSetPath, typeName]);
    this.child.stderr.on('data', (d: Buffer) => (this.stderr += d.toString()));
    createInterface({ input: this.child.stdout }).on('line', (line) => this.waiting.shift()?.(line));
    this.child.on('exit', (code) => {
      const error = `the reference process exited (${code}): ${this.stderr.trim()}`;
      for (const w of this.waiting.splice(0)) w(JSON.stringify({ crash: error }));
    });
  }

  private ask<T>(request: object): Promise<T> {
    return new Promise((resolve) => {
      this.waiting.push((line) => resolve(JSON.parse(line) as T));
      this.child.stdin.write(JSON.stringify(request) + '\n');
    });
  }

  /** The reference parses `text`; `ours` (our bytes for it) is compared with its message. */
  parse(text: string, ours: Uint8Array | undefined): Promise<ParseAnswer> {
    return this.ask({ parse: text, ours: ours ? Buffer.from(ours).toString('base64') : null });
  }

  /** Whether the reference reads each text as exactly the message `bytes` (base64). */
  reparse(texts: string[], bytes: string): Promise<ReparseAnswer> {
    return this.ask({ reparse: texts, bytes });
  }

  close(): void {
    this.child.stdin.end();
  }
}
