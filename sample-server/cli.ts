import { parseArgs } from 'node:util';

/** `npm run sample-server -- --help`. */
export const SAMPLE_USAGE = `Usage: npm run sample-server -- [flags]
       node dist/sample-server.js [flags]

The gRPC Explorer sample streaming server (package explorer.sample.v1, with
server reflection v1 and v1alpha).

Flags:
  --port N      Port to listen on (default 50051; 0 picks a free one)
  --host HOST   Interface to listen on (default 127.0.0.1; 0.0.0.0 for every interface)
  --tls         Serve TLS with a fresh self-signed certificate for localhost; its PEM is
                written to a file to pass to clients as --cacert
  --quiet       No log line per call
  --max-message-bytes N
                The largest message received or sent (default 4194304, gRPC's 4 MiB), e.g.
                100000000 to accept the 50 MB requests of the large-request benchmark
  -h, --help    This text
`;

/** What the command line asked for. */
export interface SampleCliOptions {
  port: number;
  host: string;
  tls: boolean;
  quiet: boolean;
  help: boolean;
  /** Only when given: gRPC's default (4 MiB) otherwise. */
  maxMessageBytes?: number;
}

/** A command line that cannot be run; main prints it with the usage and exits 2. */
export class SampleUsageError extends Error {
  override readonly name = 'SampleUsageError';
}

/** Parses the sample server's flags; throws SampleUsageError naming the bad flag or value. */
export function parseSampleArgs(argv: readonly string[]): SampleCliOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        tls: { type: 'boolean' },
        quiet: { type: 'boolean' },
        'max-message-bytes': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    throw new SampleUsageError((e as Error).message);
  }
  const portText = values.port ?? '50051';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) {
    throw new SampleUsageError(`--port ${portText}: expected a whole number from 0 to 65535`);
  }
  const host = values.host ?? '127.0.0.1';
  if (!host) throw new SampleUsageError('--host: expected an interface such as 127.0.0.1 or 0.0.0.0');
  const maxText = values['max-message-bytes'];
  if (maxText !== undefined && (!/^\d+$/.test(maxText) || Number(maxText) < 1024 || Number(maxText) > 2 ** 31 - 1)) {
    throw new SampleUsageError(`--max-message-bytes ${maxText}: expected a whole number of bytes from 1024 to 2147483647`);
  }
  return {
    port, host, tls: values.tls ?? false, quiet: values.quiet ?? false, help: values.help ?? false,
    ...(maxText !== undefined ? { maxMessageBytes: Number(maxText) } : {}),
  };
}

/** The start-up banner: where to connect and a few commands to paste. */
export function sampleBanner(address: string, port: number, caFile?: string): string {
  // With TLS the certificate names localhost, so examples dial that name.
  const target = caFile ? `localhost:${port}` : address;
  const conn = caFile ? `--cacert ${caFile}` : '--plaintext';
  const cmd = (rest: string) => `  grpc-explorer ${rest.replace('@', `${conn} ${target}`)}`;
  const pkg = 'explorer.sample.v1';
  return [
    `gRPC Explorer sample server listening on ${address} (${caFile ? 'TLS' : 'plaintext'})`,
    ...(caFile ? [`CA certificate written to ${caFile}`] : []),
    `Services: ${pkg}.{Counter, Streams, Books, FlowControl, Faults, Types}; reflection v1 and v1alpha`,
    '',
    'Try:',
    cmd('list @'),
    cmd(`call @ ${pkg}.Counter/Increment -d '{"value": "41"}'`),
    cmd(`bench @ ${pkg}.Counter/Increment -n 10000 --chain '$.value'`),
    cmd(`call @ ${pkg}.Books/Recommend -d '{"count": 100000}'`),
    cmd(`call @ ${pkg}.Books/RecommendAll -d '{"count": 100000}'   # over 4 MiB: RESOURCE_EXHAUSTED`),
    cmd(`call @ ${pkg}.Faults/FailStream -d '{"code": "NOT_FOUND", "afterMessages": 3}'`),
    '',
  ].join('\n');
}
