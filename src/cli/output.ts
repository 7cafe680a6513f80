/** Where the CLI writes: stdout for results (JSON lines, names, tables), stderr for everything else. */
export interface Output {
  stdout(text: string): void;
  stderr(text: string): void;
}

/**
 * The process's own streams. Writes to pipes and files are synchronous on
 * Linux and macOS, so a million-message stream piped into `head` or a file
 * never piles up in memory.
 */
export const processOutput: Output = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};
