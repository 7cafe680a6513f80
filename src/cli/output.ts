import { fstatSync } from 'node:fs';

/** Where the CLI writes: stdout for results (JSON lines, names, tables), stderr for everything else. */
export interface Output {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** An Output that holds text back briefly; `flush` writes whatever is held. */
export interface CoalescingOutput extends Output {
  flush(): void;
}

/** Past this many characters held for one stream, it is written at once. */
export const FLUSH_AT_CHARS = 64 * 1024;

/**
 * Joins the lines written in one turn of the event loop into one write per
 * stream. A million-message stream otherwise costs a million write(2) calls,
 * a fifth of the CLI's time, and a line still appears as soon as the turn
 * that received its message ends (`schedule` runs `flush` then).
 * `sameDestination` (stdout and stderr are one file or terminal) keeps the
 * order between the two streams: switching stream writes what the other held.
 */
export function coalescingOutput(
  sink: Output,
  sameDestination: boolean,
  schedule: (flush: () => void) => void = (f) => void setImmediate(f),
): CoalescingOutput {
  const held = { stdout: '', stderr: '' };
  let scheduled = false;
  let last: keyof typeof held = 'stdout';
  const write = (to: keyof typeof held) => {
    if (!held[to]) return;
    const text = held[to];
    held[to] = '';
    sink[to](text);
  };
  const flush = () => {
    scheduled = false;
    const other = last === 'stdout' ? 'stderr' : 'stdout';
    write(other); // the stream not written last held its text first
    write(last);
  };
  const add = (to: keyof typeof held, text: string) => {
    if (sameDestination && to !== last) write(last);
    last = to;
    held[to] += text;
    if (held[to].length >= FLUSH_AT_CHARS) write(to);
    else if (!scheduled) {
      scheduled = true;
      schedule(flush);
    }
  };
  return { stdout: (text) => add('stdout', text), stderr: (text) => add('stderr', text), flush };
}

function sameFile(a: number, b: number): boolean {
  try {
    const [x, y] = [fstatSync(a), fstatSync(b)];
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return true; // cannot tell: keep the order
  }
}

/**
 * The process's own streams, coalesced per event-loop turn. Writes to pipes
 * and files are synchronous on Linux and macOS, so a million-message stream
 * piped into `head` or a file never piles up in memory. Whatever is held is
 * written before the process exits.
 */
export const processOutput: CoalescingOutput = coalescingOutput(
  { stdout: (text) => void process.stdout.write(text), stderr: (text) => void process.stderr.write(text) },
  sameFile(1, 2),
);
process.on('exit', () => processOutput.flush());
