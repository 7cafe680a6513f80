import { Connection } from '../core/connection';
import { GrpcError, Status } from '../core/errors';
import { describeSymbol } from '../core/schema/describe';
import { closeAll, loadSchema } from '../core/schema/discover';
import { findMethod } from '../core/schema/schema';
import type { MethodInfo, Schema } from '../core/schema/types';
import { parseCommandLine, type CallArgs, type CommonArgs } from './args';
import { benchCommand } from './bench';
import { runCall } from './call';
import { compareCommand } from './compare';
import { flowCommand } from './flow';
import { runCommand } from './run';
import { EXIT, reportError, statusExit, statusLine } from './exit';
import { processOutput, type Output } from './output';
import { USAGE } from './usage';
import { version } from '../../package.json';

/** Runs one command line and returns the exit status. */
export async function main(argv: readonly string[], out: Output = processOutput): Promise<number> {
  try {
    const cmd = parseCommandLine(argv);
    if (cmd.command === 'help') return print(out, USAGE);
    if (cmd.command === 'version') return print(out, `grpc-explorer ${version}\n`);
    if (cmd.command === 'compare') return compareCommand(cmd, out);
    if (cmd.command === 'run') return await runCommand(cmd, out);
    const conn = new Connection(cmd.connection);
    try {
      if (cmd.connectTimeoutMs !== undefined) await waitForConnection(conn, cmd.connectTimeoutMs);
      const schema = await loadSchema(cmd.connection, cmd.schema);
      switch (cmd.command) {
        case 'list':
          return print(out, schema.services.map((s) => s.name + '\n').join(''));
        case 'describe':
          return print(out, describeSymbol(schema, cmd.symbol).replace(/\n?$/, '\n'));
        case 'call':
          return await call(cmd, conn, schema, out);
        case 'bench':
          return await benchCommand(cmd, conn, schema, method(schema, cmd), out);
        case 'flow':
          return await flowCommand(cmd, conn, schema, method(schema, cmd), out);
      }
    } finally {
      conn.close();
      closeAll(); // reflection channels
    }
  } catch (e) {
    return reportError(e, out);
  }
}

function print(out: Output, text: string): number {
  out.stdout(text);
  return EXIT.ok;
}

async function call(cmd: CallArgs, conn: Connection, schema: Schema, out: Output): Promise<number> {
  const outcome = await runCall(cmd, conn, schema, method(schema, cmd), out);
  if (outcome.code === Status.OK) return EXIT.ok;
  out.stderr(statusLine(outcome.code, outcome.error?.message ?? outcome.details));
  return statusExit(outcome.code);
}

/** The method named on the command line, or an error listing what the server does offer. */
function method(schema: Schema, cmd: CommonArgs & { method: string }): MethodInfo {
  const found = findMethod(schema, cmd.method);
  if (found) return found;
  const text = cmd.method.replace(/^\//, '');
  const service = text.slice(0, Math.max(0, text.includes('/') ? text.lastIndexOf('/') : text.lastIndexOf('.')));
  const svc = schema.services.find((s) => s.name === service);
  const offer = svc
    ? `${svc.name} has ${svc.methods.map((m) => m.name).join(', ')}`
    : `services: ${schema.services.map((s) => s.name).join(', ') || 'none'}`;
  throw new Error(`${cmd.connection.address} has no method "${cmd.method}" (${offer}); write it as pkg.Service/Method`);
}

/** --connect-timeout: fail early, with a clear message, when no connection comes up in time. */
function waitForConnection(conn: Connection, ms: number): Promise<void> {
  return new Promise((resolve, reject) =>
    conn.client.waitForReady(Date.now() + ms, (err) =>
      err
        ? reject(
            new GrpcError(
              Status.UNAVAILABLE,
              `${conn.address}: no connection within ${ms} ms — is the server running, and does it speak ${conn.options.transport.kind === 'tls' ? 'TLS (else try --plaintext)' : 'plaintext (else drop --plaintext)'}?`,
            ),
          )
        : resolve(),
    ),
  );
}

if (require.main === module) {
  // grpc-js sets the TLS SNI to the target even when it is an IP address, which Node reports with a
  // deprecation warning (DEP0123) on every TLS call to 127.0.0.1: noise a CLI user cannot act on.
  process.noDeprecation = true;
  // A reader that stops early (`| head`) is not an error: stop quietly with the shell's SIGPIPE status.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(EXIT.brokenPipe);
  });
  void main(process.argv.slice(2)).then((code) => {
    // Let stdout drain (pipes to slow readers) before exiting; the channel's timers must not keep us alive.
    processOutput.flush();
    process.stdout.write('', () => process.exit(code));
  });
}
