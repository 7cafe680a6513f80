import type { Connection } from '../core/connection';
import { Status } from '../core/errors';
import { startFlowLab, type FlowLab, type FlowLabResult, type FlowSample } from '../core/experiments';
import { flowLabToCsv, flowLabToJson } from '../core/export';
import type { MethodInfo, Schema } from '../core/schema/types';
import { messageType } from '../core/json/codec';
import { UsageError, type FlowArgs } from './args';
import { EXIT_INTERRUPTED, writeFile } from './bench';
import { EXIT, statusExit, statusLine } from './exit';
import { flowSummary, inFlightNow, maxUnacknowledged } from './flow-summary';
import type { Output } from './output';

const HEADER = `${'t_ms'.padStart(8)}${'sent'.padStart(8)}${'received'.padStart(10)}${'processed'.padStart(11)}${'in_flight'.padStart(11)}${'queued'.padStart(8)}${'blocked'.padStart(9)}`;

/** One sample line: counts at time t; in_flight is exact as of the newest message's send stamp. */
function sampleLine(s: FlowSample, inFlight: number | undefined): string {
  const cells = [
    s.tMs.toFixed(0).padStart(8),
    String(s.serverSent).padStart(8),
    String(s.received).padStart(10),
    String(s.processed).padStart(11),
    (inFlight === undefined ? '-' : String(inFlight)).padStart(11),
    String(s.received - s.processed).padStart(8),
    String(s.blockedWrites).padStart(9),
  ];
  return cells.join('') + (s.paused ? '  paused' : '');
}

/** A bidi method whose request type has an `ack` field: the lab can acknowledge each message on it. */
function takesAck(schema: Schema, m: MethodInfo): boolean {
  return m.kind === 'bidi-streaming' && messageType(schema.root, m.requestType).fields['ack'] !== undefined;
}

/** `--ack` on a method that cannot carry acks would be silently ignored: refuse it, naming the methods that take it. */
function checkAckApplies(schema: Schema, method: MethodInfo): void {
  if (takesAck(schema, method)) return;
  const takers = schema.services.flatMap((s) => s.methods).filter((m) => takesAck(schema, m));
  const why =
    method.kind === 'bidi-streaming'
      ? `${method.fullName}'s request (${method.requestType}) has no ack field`
      : `${method.fullName} is ${method.kind}, so the client has no stream to send acks on`;
  const instead = takers.length ? `use ${takers.map((m) => m.fullName).join(' or ')}, or drop --ack` : 'drop --ack';
  throw new UsageError(`--ack sends {"ack":{"seq":N}} after each processed message, but ${why}: ${instead}`);
}

/**
 * `grpc-explorer flow`: the backpressure lab on the command line. A consumer
 * takes --delay per message while the server streams; one line per --interval
 * shows how far the server got ahead, then the explanation and a summary.
 */
export async function flowCommand(args: FlowArgs, conn: Connection, schema: Schema, method: MethodInfo, out: Output): Promise<number> {
  if (args.ack) checkAckApplies(schema, method);
  const abort = new AbortController();
  let pausedOnce = false;
  const lab: FlowLab = startFlowLab({
    conn,
    schema,
    method,
    request: args.data,
    consumerDelayMs: args.delayMs,
    ack: args.ack ? undefined : false,
    metadata: args.headers,
    signal: abort.signal,
    onSample: (s) => {
      if (args.pauseAfter === undefined || pausedOnce || s.processed < args.pauseAfter) return;
      pausedOnce = true;
      lab.pause();
      if (!args.json) out.stdout(`# paused reading after ${s.processed} messages, for ${args.pauseForMs} ms\n`);
      setTimeout(() => lab.resume(), args.pauseForMs);
    },
  });
  const show = (s: FlowSample) => {
    const inFlight = inFlightNow(lab.log);
    out.stdout(args.json ? JSON.stringify({ type: 'sample', ...s, inFlightAtSend: inFlight ?? null }) + '\n' : sampleLine(s, inFlight) + '\n');
  };
  if (!args.json) out.stdout(HEADER + '\n');
  const timer = setInterval(() => show(lab.sample()), args.intervalMs);
  const onSigint = () => abort.abort();
  process.once('SIGINT', onSigint);
  let result: FlowLabResult;
  try {
    result = await lab.done;
  } finally {
    clearInterval(timer);
    process.off('SIGINT', onSigint);
  }
  show(lab.sample());
  const summary = flowSummary(result, maxUnacknowledged(args.data));
  out.stdout(args.json ? JSON.stringify({ type: 'result', ...summary.json }) + '\n' : '\n' + summary.text);
  let ok = true;
  if (args.exportJson) ok &&= writeFile(args.exportJson, flowLabToJson(result) + '\n', out);
  if (args.exportCsv) ok = writeFile(args.exportCsv, flowLabToCsv(result), out) && ok;
  if (result.note) out.stderr(`note: ${result.note}\n`);
  if (abort.signal.aborted) return EXIT_INTERRUPTED;
  if (result.outcome.code !== Status.OK) {
    out.stderr(statusLine(result.outcome.code, result.outcome.error?.message ?? result.outcome.details));
    return statusExit(result.outcome.code);
  }
  return ok ? EXIT.ok : EXIT.local;
}
