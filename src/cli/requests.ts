import { GrpcError, InputError, RequestTooLargeError, Status } from '../core/errors';
import { parseJson } from '../core/json/parse';
import type { MessageCodec } from '../core/json/types';
import { Utf8Stream } from '../core/json/utf8';
import { requestStreams, type MethodInfo } from '../core/schema/types';
import { JsonValueSplitter, splitJsonValues, type JsonChunk } from './json-values';

/** Methods whose request is one message, sent at start. */
export function singleRequest(method: MethodInfo): boolean {
  return !requestStreams(method);
}

/**
 * Encodes one JSON value, naming where it came from in the error: for `-d`
 * text with several values, which one; for stdin, the line it starts on.
 * An InputError's path stays first so `$.field: problem` reads as usual.
 * A message over the send limit `maxBytes` is refused before it is built
 * when possible, as RESOURCE_EXHAUSTED: the status grpc-js gives a message
 * over its send limit, so the exit status stays 64 + 8 either way.
 */
export function encodeChunk(codec: MessageCodec, chunk: JsonChunk, where: 'stdin' | 'inline', count: number, maxBytes?: number): Uint8Array {
  try {
    return codec.encodeJson(chunk.text, maxBytes === undefined ? undefined : { maxBytes });
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    const origin = where === 'stdin' ? `stdin line ${chunk.line}` : count > 1 ? `-d message starting on line ${chunk.line}` : '';
    if (e instanceof RequestTooLargeError) throw new GrpcError(Status.RESOURCE_EXHAUSTED, origin ? `${e.problem} (${origin})` : e.problem);
    throw new InputError(e.path, origin ? `${e.problem} (${origin})` : e.problem);
  }
}

/**
 * `{"a":1} x` is one request with trailing garbage, not two requests: throws the first value's
 * invalid JSON, at its line and column in the whole text (the text before it is blanked, keeping
 * line breaks, so the parser's positions are the text's).
 */
function rejectInvalidJson(text: string, chunks: readonly JsonChunk[]): void {
  let from = 0;
  for (const c of chunks) {
    const at = text.indexOf(c.text, from);
    from = at + c.text.length;
    parseJson(text.slice(0, at).replace(/[^\n]/g, ' ') + c.text);
  }
}

/**
 * Encodes every request in `-d` up front, so a mistake in any of them means
 * nothing is sent. Unary and server-streaming methods take exactly one.
 */
export function encodeInline(codec: MessageCodec, method: MethodInfo, text: string, maxBytes?: number): Uint8Array[] {
  const chunks = splitJsonValues(text);
  if (chunks.length > 1) rejectInvalidJson(text, chunks);
  if (singleRequest(method) && chunks.length !== 1) {
    throw new InputError('$', `${method.fullName} is ${method.kind} and takes exactly one request message; -d holds ${chunks.length}`);
  }
  return chunks.map((c) => encodeChunk(codec, c, 'inline', chunks.length, maxBytes));
}

/**
 * Yields each JSON value on stdin the moment it is complete. Iterating with
 * `for await` pauses stdin while the consumer awaits (e.g. the engine's
 * send buffer), so input is never read faster than it can be sent.
 */
export async function* stdinValues(input: NodeJS.ReadableStream = process.stdin): AsyncGenerator<JsonChunk> {
  const splitter = new JsonValueSplitter();
  // Not setEncoding('utf8'): that sends invalid UTF-8 on as U+FFFD; Utf8Stream keeps it for the validator to name.
  const text = new Utf8Stream();
  for await (const chunk of input) yield* splitter.push(text.push(chunk as Buffer));
  yield* splitter.push(text.end());
  yield* splitter.end();
}

/** Reads the single request of a unary or server-streaming call from stdin (the first JSON value). */
export async function readOneFromStdin(codec: MessageCodec, maxBytes?: number): Promise<Uint8Array> {
  for await (const chunk of stdinValues()) return encodeChunk(codec, chunk, 'stdin', 1, maxBytes);
  throw new InputError('$', 'stdin ended before a request message arrived (-d @ reads one JSON message)');
}
