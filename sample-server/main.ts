/**
 * `npm run sample-server` (dist/sample-server.js): starts the sample server,
 * prints where it listens and what to try, logs one line per call, and shuts
 * down cleanly on Ctrl-C / SIGTERM.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseSampleArgs, sampleBanner, SAMPLE_USAGE, SampleUsageError, type SampleCliOptions } from './cli';
import { startSampleServer } from './server';

/**
 * Where --tls writes the certificate clients should trust: a fresh directory per server, since each
 * server makes its own certificate (one fixed path let a second server overwrite the first's CA).
 */
function caFile(): string {
  return path.join(mkdtempSync(path.join(os.tmpdir(), 'grpc-explorer-sample-')), 'ca.pem');
}
/** How long calls in progress may run on after Ctrl-C before they are cancelled. */
const SHUTDOWN_GRACE_MS = 2000;

function parseOrExit(argv: string[]): SampleCliOptions {
  try {
    return parseSampleArgs(argv);
  } catch (e) {
    if (!(e instanceof SampleUsageError)) throw e;
    process.stderr.write(`sample-server: ${e.message}\n\n${SAMPLE_USAGE}`);
    process.exit(2);
  }
}

async function main(): Promise<void> {
  const opts = parseOrExit(process.argv.slice(2));
  if (opts.help) {
    process.stdout.write(SAMPLE_USAGE);
    return;
  }
  const log = opts.quiet ? undefined : (line: string) => process.stdout.write(`${new Date().toISOString()}  ${line}\n`);
  const server = await startSampleServer({
    host: opts.host, port: opts.port, tls: opts.tls, log,
    ...(opts.maxMessageBytes ? { maxMessageBytes: opts.maxMessageBytes } : {}),
  });
  const ca = server.caPem ? caFile() : undefined;
  if (ca) writeFileSync(ca, server.caPem!);
  process.stdout.write(sampleBanner(server.address, server.port, ca));
  process.stdout.write(
    opts.quiet ? 'Ctrl-C stops.\n' : 'One line per call below (--quiet turns this off). Ctrl-C stops.\n',
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(130); // a second Ctrl-C: do not wait for the grace period
    stopping = true;
    process.stdout.write(`${signal}: stopping (calls in progress get ${SHUTDOWN_GRACE_MS / 1000} s)\n`);
    void server.close(SHUTDOWN_GRACE_MS).then(() => {
      if (ca) rmSync(path.dirname(ca), { recursive: true, force: true }); // the certificate dies with its server
      process.exit(0);
    });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e: unknown) => {
  process.stderr.write(`sample-server: ${(e as Error).message}\n`);
  process.exit(1);
});
