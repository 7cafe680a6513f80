/**
 * Sends one resolved request with the call engine: the single message of a
 * unary or server-streaming call, or a stream's messages one by one, waiting
 * for the next reply before a message marked `=== wait-for-server`.
 */
import { DEFAULT_MAX_MESSAGE_BYTES, type Connection } from '../connection';
import { startCall, type ActiveCall } from '../call/engine';
import type { CallOutcome, CallOptions } from '../call/types';
import { InputError, RequestTooLargeError, Status } from '../errors';
import { codecFor } from '../json/codec';
import type { MessageCodec } from '../json/types';
import type { MethodInfo, Schema } from '../schema/types';
import { RequestError, type ResolvedRequest } from './resolve';

export interface Executed {
  readonly outcome: CallOutcome;
  /** The last message received, as canonical JSON (undefined when none came): what assertions and later requests read. */
  readonly body: unknown;
}

export interface ExecuteOptions {
  readonly signal?: AbortSignal;
  readonly emitDefaults?: boolean;
  /** Each reply the moment it arrives. */
  readonly onMessage?: (json: unknown, seq: number) => void;
  /** Passed through to the engine (the panel's timeline). */
  readonly onEvent?: CallOptions['onEvent'];
}

export async function execute(
  conn: Connection,
  schema: Schema,
  method: MethodInfo,
  req: ResolvedRequest,
  opts: ExecuteOptions = {},
): Promise<Executed> {
  const reqCodec = codecFor(schema.root, method.requestType);
  const resCodec = codecFor(schema.root, method.responseType);
  const single = method.kind === 'unary' || method.kind === 'server-streaming';
  if (single && req.messages.length > 1) {
    throw new RequestError(
      req.messages[1]!.line,
      `${method.fullName} is ${method.kind} and takes one message; this request has ${req.messages.length} (=== separates the messages of client and bidi streams)`,
    );
  }
  // Everything is encoded before anything is sent: a bad message means no call at all. A message
  // over the connection's send limit is refused before it is built, as `call` does.
  const maxBytes = conn.options.maxSendMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const encoded = req.messages.map((m) => encode(reqCodec, m.text, m.line, maxBytes));
  // Only the last reply is decoded (unless someone listens to each): a 100,000-message stream stays cheap.
  let last: Uint8Array | undefined;
  const arrived = new Arrivals();
  const decode = (bytes: Uint8Array) => resCodec.decode(bytes, { emitDefaults: opts.emitDefaults ?? false });
  const call = startCall(conn, method, {
    metadata: req.metadata,
    keepPayloads: false,
    ...(req.deadlineMs !== undefined ? { deadlineMs: req.deadlineMs } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.onEvent ? { onEvent: opts.onEvent } : {}),
    onMessage: (bytes, seq) => {
      last = bytes;
      opts.onMessage?.(decode(bytes), seq);
      arrived.add();
    },
    ...(single ? { request: encoded[0] ?? reqCodec.encodeJson('{}') } : {}),
  });
  if (!single) {
    sendStream(call, encoded, req.messages, arrived).catch(() => call.cancel());
  }
  const outcome = await call.done;
  arrived.end();
  return { outcome, body: last ? decode(last) : undefined };
}

/** Sends a stream's messages in order, waiting for replies before each `=== wait-for-server` one, then half-closes. */
export async function sendStream(
  call: ActiveCall,
  encoded: Uint8Array[],
  messages: ReadonlyArray<{ readonly waitForServer: boolean; readonly waitReplies?: number }>,
  arrived: Arrivals,
): Promise<void> {
  let before = 0; // replies received when the previous message went out
  let waited = 0; // replies received when the last wait ended
  for (let i = 0; i < encoded.length; i++) {
    const m = messages[i]!;
    // One wait: a reply after the previous message. N waits in a row: also N replies since the last
    // wait (or the start), so a reply that came before the previous message went out still counts.
    if (m.waitForServer) {
      if (!(await arrived.moreThan(Math.max(before, waited + (m.waitReplies ?? 1) - 1)))) return;
      waited = arrived.count;
    }
    before = arrived.count;
    if (!(await call.sendAsync(encoded[i]!))) return;
  }
  call.end();
}

function encode(codec: MessageCodec, text: string, line: number, maxBytes: number): Uint8Array {
  try {
    return codec.encodeJson(text, { maxBytes });
  } catch (e) {
    if (e instanceof RequestTooLargeError) throw new RequestError(line, e.problem, Status.RESOURCE_EXHAUSTED);
    if (e instanceof InputError) throw new RequestError(line, `invalid message for ${codec.typeName}: ${e.message}`);
    throw e;
  }
}

/** Counts replies and lets the sender wait for the next one; false once the call has ended. */
export class Arrivals {
  count = 0;
  private ended = false;
  private waiters: (() => void)[] = [];
  add(): void {
    this.count++;
    this.wake();
  }
  end(): void {
    this.ended = true;
    this.wake();
  }
  async moreThan(n: number): Promise<boolean> {
    while (this.count <= n && !this.ended) await new Promise<void>((ok) => this.waiters.push(ok));
    return this.count > n;
  }
  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const ok of w) ok();
  }
}
