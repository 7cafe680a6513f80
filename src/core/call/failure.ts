/**
 * Explains how a call ended badly. Connection-level causes (refused, unknown
 * host, TLS trouble) are left to explainError in ../explain; this file adds
 * what only the call knows: who cancelled, the deadline it was given, how
 * far the stream got, the message-size limits, and resets mid-stream.
 */
import type { ConnectionOptions } from '../connection-types';
import { DEFAULT_MAX_MESSAGE_BYTES } from '../connection-types';
import { GrpcError, Status } from '../errors';
import { explainError, FLAG_HINTS } from '../explain';
import type { MetadataEntries } from '../metadata';
import type { MethodInfo } from '../schema/types';

/** CLI flags the advice below mentions that explain.ts's FLAG_HINTS does not list. */
const FLAGS = { ...FLAG_HINTS, maxMsgSize: '--max-msg-size' } as const;
/** The CLI's flag for both message-size limits. */
export const MAX_MSG_SIZE_FLAG = FLAGS.maxMsgSize;

/** What the engine knew about the call when its status arrived. */
export interface FailureContext {
  readonly conn: ConnectionOptions;
  readonly method: MethodInfo;
  readonly cancelledByUser: boolean;
  /** Set when the engine cancelled the call because an onEvent/onMessage callback threw. */
  readonly handlerError?: string;
  /** Response headers arrived, so a connection to the server existed. */
  readonly headersReceived: boolean;
  readonly sent: number;
  readonly received: number;
  /** Size of the largest request message sent, bytes (tells whose size limit refused a message). */
  readonly largestSentBytes?: number;
  readonly deadlineMs?: number;
}

/** The status as grpc-js (or the engine) reported it. */
export interface FailedStatus {
  readonly code: number;
  readonly details: string;
  readonly trailers: MetadataEntries;
}

/** grpc-js's own text when the client's deadline passes (its server says the same when it sees that deadline). */
const LOCAL_DEADLINE = /^Deadline exceeded/i;
/** grpc-js's own texts for a call it cancelled itself: nothing the server said. */
const LOCAL_CANCEL = /^(Cancelled on client|Call cancelled)?$/;
/** How grpc-js reports a connection lost under a call: closed, reset, GOAWAY, a broken pipe. */
const DROPPED = /Connection dropped|ECONNRESET|EPIPE|socket hang up|GOAWAY|closed before|Protocol error/i;
/** grpc-js's text when the call never got a connection (where a TLS/plaintext mix-up shows). */
const NEVER_CONNECTED = /No connection established|Failed to connect/i;

/** `; the server said "…"` when the status carries words of the server's, else nothing. */
function serverSays(s: FailedStatus): string {
  return LOCAL_CANCEL.test(s.details) || LOCAL_DEADLINE.test(s.details) ? '' : `; the server said "${s.details}"`;
}

/**
 * grpc-js words a message-size refusal the same on both sides ("Received message larger than max
 * (SIZE vs LIMIT)"); the server's came back as the status. It was the server's when the limit is not
 * this client's, or when the call sent a request at least that large (and so nothing that big came back).
 */
function refusedByServer(size: number, limit: number, ownLimit: number, c: FailureContext): boolean {
  return limit !== ownLimit || (c.largestSentBytes !== undefined && size <= c.largestSentBytes);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** "after 2 messages received" — tells the user that what came before is still there. */
function progress(c: FailureContext): string {
  return c.received > 0 ? `after ${plural(c.received, 'message')} received (kept)` : 'before any response message';
}

type CallRule = (s: FailedStatus, c: FailureContext) => string | undefined;

const rules: CallRule[] = [
  (_s, c) =>
    c.handlerError !== undefined ? `cancelled because handling the call's events failed: ${c.handlerError}` : undefined,
  (s, c) => (s.code === Status.CANCELLED && c.cancelledByUser ? `cancelled by you ${progress(c)}` : undefined),
  (s, c) =>
    s.code === Status.DEADLINE_EXCEEDED && c.deadlineMs !== undefined && LOCAL_DEADLINE.test(s.details)
      ? `the call did not finish within its ${c.deadlineMs} ms deadline, ${progress(c)} — raise it with ${FLAG_HINTS.deadline}`
      : undefined,
  // The server's own DEADLINE_EXCEEDED (a deadline inside it, or of a service it called): keep its words.
  (s, c) =>
    s.code === Status.DEADLINE_EXCEEDED
      ? `the server ended the call with DEADLINE_EXCEEDED ${progress(c)}${serverSays(s)} — ${
          c.deadlineMs === undefined
            ? 'this call had no deadline of its own'
            : `this call's own ${c.deadlineMs} ms deadline had not passed`
        }, so a deadline inside the server ran out: raising ${FLAG_HINTS.deadline} will not help`
      : undefined,
  (s, c) => {
    const m = /Received message larger than max \((\d+) vs\.? (\d+)\)|decompresses to a size larger than (\d+)/.exec(
      s.details,
    );
    if (s.code !== Status.RESOURCE_EXHAUSTED || !m) return undefined;
    const size = m[1] ? `of ${m[1]} bytes ` : '';
    const ownLimit = c.conn.maxReceiveMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    const limit = m[2] ?? m[3] ?? String(ownLimit);
    if (refusedByServer(Number(m[1] ?? NaN), Number(limit), ownLimit, c))
      return `the server refused a request message ${size}as over its receive limit of ${limit} bytes — send smaller requests (split the data, or stream it), or raise the server's max receive message size; ${MAX_MSG_SIZE_FLAG} only sets this client's limits`;
    return `a response message ${size}is over this client's receive limit of ${limit} bytes, ${progress(c)} — raise the limit with ${MAX_MSG_SIZE_FLAG}, or ask the server for smaller responses (a stream, or pages)`;
  },
  (s) => {
    const m = /Attempted to send message with a size larger than (\d+)/.exec(s.details);
    return s.code === Status.RESOURCE_EXHAUSTED && m
      ? `a request message is over the send limit of ${m[1]} bytes — raise the limit with ${MAX_MSG_SIZE_FLAG}`
      : undefined;
  },
  (s, c) => {
    const m = /Received RST_STREAM with code (\d+)/.exec(s.details);
    return m
      ? `the server reset the stream (HTTP/2 RST_STREAM, code ${m[1]}) without a gRPC status, ${progress(c)}`
      : undefined;
  },
  // Client-certificate trouble (explain.ts words it the same for discovery).
  (s) =>
    /alert certificate required|peer did not return a certificate/i.test(s.details)
      ? `the server requires a client certificate — pass ${FLAGS.cert} FILE and ${FLAGS.key} FILE`
      : undefined,
  (s, c) =>
    c.conn.transport.kind === 'tls' &&
    c.conn.transport.certFile &&
    !c.headersReceived &&
    // Not "Connection dropped": measured, a refused client certificate never gets the connection up
    // ("Failed to connect" or an alert), while a dropped connection was up (the drop rule below).
    /alert (unknown ca|bad certificate|certificate unknown)|Failed to connect/i.test(s.details)
      ? `the TLS handshake failed — the server may not accept this client certificate: is it signed by a CA the server trusts? (${FLAGS.cert} / ${FLAGS.key})`
      : undefined,
  // A connection that carried the call (headers or messages arrived, or grpc-js had sent the call on it
  // rather than failing to establish one) was up: its loss is not a TLS/plaintext mix-up (explain.ts's guess).
  (s, c) =>
    DROPPED.test(s.details) && (c.headersReceived || c.received > 0 || !NEVER_CONNECTED.test(s.details))
      ? `the connection ${/reset|ECONNRESET/i.test(s.details) ? 'was reset' : 'dropped'} ${progress(c)} — the server may have stopped, crashed or restarted, or a proxy closed the connection`
      : undefined,
  (s, c) =>
    s.code === Status.CANCELLED ? `the server or the connection cancelled the call ${progress(c)}${serverSays(s)}` : undefined,
  (s, c) => {
    if (s.details === 'No message received')
      return `the server ended the ${c.method.kind} call with OK but sent no response message`;
    if (s.details === 'Too many responses received')
      return `the server sent more than one response to the ${c.method.kind} call`;
    return undefined;
  },
  (s, c) =>
    s.code === Status.UNIMPLEMENTED
      ? `${s.details || 'unimplemented'} — the server does not serve ${c.method.fullName}; check the method name or reload the schema`
      : undefined,
];

/**
 * Formats `advice` exactly as explainError formats its own (address, advice,
 * operation), by letting it format a placeholder: INTERNAL has no advice of
 * its own there, so the placeholder comes back untouched. This keeps both
 * kinds of message identical in shape while explain.ts's format settles.
 */
export function formatLikeExplain(conn: ConnectionOptions, what: string, advice: string): string {
  const PLACEHOLDER = '\u0000advice\u0000';
  const template = explainError(new GrpcError(Status.INTERNAL, PLACEHOLDER), conn, what).message;
  return template.includes(PLACEHOLDER)
    ? template.replace(PLACEHOLDER, () => advice)
    : `${conn.address}: ${advice} (${what})`;
}

/**
 * A GrpcError for a call that ended with a non-OK status, in explainError's
 * shape, e.g. `127.0.0.1:5000: <what happened> — <what to try> (call pkg.Svc/Method)`.
 * As there, the code's name is not repeated in the message: `codeName` has it
 * and the CLI prints it in front. `details` keeps the original text; `trailers`
 * the server's trailers.
 */
export function explainCallFailure(status: FailedStatus, c: FailureContext): GrpcError {
  const what = `call ${c.method.fullName}`;
  for (const rule of rules) {
    const advice = rule(status, c);
    if (advice !== undefined) {
      return new GrpcError(status.code, formatLikeExplain(c.conn, what, advice), status.details, status.trailers);
    }
  }
  return explainError(new GrpcError(status.code, status.details, status.details, status.trailers), c.conn, what);
}
