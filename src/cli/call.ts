import { DEFAULT_MAX_MESSAGE_BYTES, type Connection } from '../core/connection';
import { startCall, type ActiveCall } from '../core/call/engine';
import { EventKind, type CallOutcome } from '../core/call/types';
import { codecFor } from '../core/json/codec';
import type { MessageCodec } from '../core/json/types';
import type { MethodInfo, Schema } from '../core/schema/types';
import type { CallArgs } from './args';
import { encodeChunk, encodeInline, readOneFromStdin, singleRequest, stdinValues } from './requests';
import { latencyLines, latencyNeedsPayloads } from './latency';
import { timingLine } from './timing';
import type { Output } from './output';

/**
 * `grpc-explorer call`: sends the request(s), prints each response as one
 * JSON line the moment it arrives, and resolves with the outcome. Requests
 * given inline are all encoded before anything is sent; with `-d @` each
 * stdin message goes out as soon as it is complete.
 */
export async function runCall(args: CallArgs, conn: Connection, schema: Schema, method: MethodInfo, out: Output): Promise<CallOutcome> {
  const reqCodec = codecFor(schema.root, method.requestType);
  const resCodec = codecFor(schema.root, method.responseType);
  const limit = conn.options.maxSendMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const inline = args.data.kind === 'inline' ? encodeInline(reqCodec, method, args.data.text, limit) : undefined;
  const request = singleRequest(method) ? (inline?.[0] ?? (await readOneFromStdin(reqCodec, limit))) : undefined;

  // Events recorded inside startCall (start, sent, half-close) arrive before it returns the call.
  const ref: { call?: ActiveCall } = {};
  const early: number[] = [];
  const onEvent = (i: number) => (ref.call ? showEvent(ref.call, i, args, out) : early.push(i));
  const call = (ref.call = startCall(conn, method, {
    metadata: args.headers,
    // The CLI prints each message as it arrives and never looks back, unless --latency reads them afterwards.
    keepPayloads: latencyNeedsPayloads(args, schema, method),
    onEvent,
    // In pieces as they are made: a 50 MB reply is never held whole as JSON tree, line and output bytes at once.
    onMessage: (bytes) => {
      resCodec.decodeToPieces(bytes, out.stdout, { emitDefaults: args.emitDefaults });
      out.stdout('\n');
    },
    ...(args.deadlineMs !== undefined ? { deadlineMs: args.deadlineMs } : {}),
    ...(request ? { request } : {}),
  }));
  for (const i of early) showEvent(call, i, args, out);
  const stopOnSigint = () => call.cancel();
  process.once('SIGINT', stopOnSigint);
  try {
    if (!singleRequest(method)) await sendStream(call, inline, reqCodec, limit);
    const outcome = await call.done;
    if (args.latency) for (const line of latencyLines(args, schema, method, call.recording)) out.stderr(line + '\n');
    return outcome;
  } finally {
    process.off('SIGINT', stopOnSigint);
  }
}

/** Client and bidi streams: inline messages all at once, or stdin messages one by one; then half-close. */
async function sendStream(call: ActiveCall, inline: Uint8Array[] | undefined, codec: MessageCodec, limit: number): Promise<void> {
  try {
    if (inline) {
      for (const bytes of inline) if (!(await call.sendAsync(bytes))) return;
    } else {
      const ended = call.done.then(() => 'ended' as const);
      const values = stdinValues();
      for (;;) {
        // Stop reading stdin when the server ends the call first (it may, at any time).
        const next = await Promise.race([values.next(), ended]);
        if (next === 'ended' || next.done) break;
        if (!(await call.sendAsync(encodeChunk(codec, next.value, 'stdin', 1, limit)))) break;
      }
      void values.return(undefined);
      process.stdin.destroy(); // an open terminal would otherwise keep the process alive
    }
    call.end();
  } catch (e) {
    call.cancel(); // a bad message mid-stream: stop the call, report the message's error
    throw e;
  }
}

function showEvent(call: ActiveCall, i: number, args: CallArgs, out: Output): void {
  const rec = call.recording;
  if (args.timing) out.stderr(timingLine(rec, i) + '\n');
  if (!args.verbose) return;
  const kind = rec.kindAt(i);
  if (kind === EventKind.Headers) out.stderr(metadataBlock('Response headers', rec.headers));
  if (kind === EventKind.Trailers) out.stderr(metadataBlock('Response trailers', rec.trailers));
}

function metadataBlock(title: string, entries: readonly (readonly [string, string])[]): string {
  return `${title}:\n${entries.map(([k, v]) => `  ${k}: ${v}\n`).join('') || '  (none)\n'}`;
}
