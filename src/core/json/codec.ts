import type * as protobuf from 'protobufjs';
import { InputError, RequestTooLargeError } from '../errors';
import { buildMessage } from './build';
import { withDefaults } from './defaults';
import { encodedSize, encodeMessage } from './encode';
import { jsonText } from './json-text';
import { parseJson } from './parse';
import { templateOf } from './template';
import type { JsonOutputOptions, MessageCodec } from './types';
import { encodedSizeAtLeast } from './size-bound';
import type { EncodeOptions } from './types';
import { normalizeMessage } from './validate';
import { writeMessage } from './write';
import { writeJsonPieces } from './write-stream';

/** A repeated message field this long is written to JSON element by element (decodeToPieces). */
const STREAM_AT = 64;

const codecs = new WeakMap<protobuf.Root, Map<string, MessageCodec>>();

/**
 * The JSON codec of one message type of `root` (proto3 canonical JSON both
 * ways). Cached per root and type name, so calling it per request is cheap.
 * Throws when the root has no such message type.
 */
export function codecFor(root: protobuf.Root, typeName: string): MessageCodec {
  const name = typeName.replace(/^\./, '');
  let perRoot = codecs.get(root);
  if (!perRoot) codecs.set(root, (perRoot = new Map()));
  let codec = perRoot.get(name);
  if (!codec) perRoot.set(name, (codec = new ProtoJsonCodec(messageType(root, name))));
  return codec;
}

/** The resolved message type `name` (leading dot optional) of `root`; the error names it. */
export function messageType(root: protobuf.Root, name: string): protobuf.Type {
  name = name.replace(/^\./, '');
  root.resolveAll();
  try {
    return root.lookupType(name);
  } catch {
    throw new Error(`the schema has no message type "${name}"; check the name (fully qualified, e.g. pkg.v1.Request)`);
  }
}

/**
 * Input goes lossless parse → validate with JSON paths (./validate.ts) →
 * protobufjs protojson → encode; output goes decode → protojson → optional
 * emit-defaults. protojson does the mapping itself (WKTs, Any packing); the
 * validator exists because protojson's errors carry no paths and JSON.parse
 * would round 64-bit integers before protojson saw them.
 */
class ProtoJsonCodec implements MessageCodec {
  readonly typeName: string;
  private templateText: string | undefined;

  constructor(private readonly type: protobuf.Type) {
    this.typeName = type.fullName.replace(/^\./, '');
  }

  encodeJson(text: string, options?: EncodeOptions): Uint8Array {
    if (text.trim() === '') {
      throw new InputError('$', 'the request is empty; write {} for a message with every field at its default');
    }
    const normalized = normalizeMessage(this.type, parseJson(text));
    const limit = options?.maxBytes;
    if (limit !== undefined) {
      // Certainly too large: refused before the message object and its bytes are made.
      const atLeast = encodedSizeAtLeast(this.type, normalized, limit);
      if (atLeast > limit) throw new RequestTooLargeError(atLeast, limit, false, text.length);
    }
    let message: Record<string, unknown>;
    try {
      message = buildMessage(this.type, normalized);
    } catch (e) {
      // The validator should have caught it; never send what protojson refuses.
      throw new InputError('$', `not a valid ${this.typeName}: ${errorText(e)}`);
    }
    if (limit !== undefined) {
      const size = encodedSize(this.type, message); // exact, before any byte is written
      if (size > limit) throw new RequestTooLargeError(size, limit, true, text.length);
    }
    return encodeMessage(this.type, message);
  }

  decode(bytes: Uint8Array, options?: JsonOutputOptions): unknown {
    return this.toJson(bytes, options, Infinity);
  }

  decodeToText(bytes: Uint8Array, options?: JsonOutputOptions & { indent?: number }): string {
    return jsonText(this.decode(bytes, options), options?.indent);
  }

  decodeToPieces(bytes: Uint8Array, write: (piece: string) => void, options?: JsonOutputOptions & { streamAt?: number }): void {
    const json = this.toJson(bytes, options, options?.streamAt ?? STREAM_AT);
    try {
      writeJsonPieces(json, write);
    } catch (e) {
      throw new Error(`cannot show a ${this.typeName} as JSON: ${errorText(e)}`);
    }
  }

  /** Decoded, then its JSON value; repeated message fields of `streamAt` elements or more are left for writeJsonPieces. */
  private toJson(bytes: Uint8Array, options: JsonOutputOptions | undefined, streamAt: number): unknown {
    let message: protobuf.Message;
    try {
      message = this.type.decode(bytes);
    } catch (e) {
      throw new Error(
        `cannot decode ${bytes.length} bytes as ${this.typeName}: ${errorText(e)} (is that the right message type?)`,
      );
    }
    let json: unknown;
    try {
      json = writeMessage(this.type, message as unknown as Record<string, unknown>, streamAt);
    } catch (e) {
      throw new Error(`cannot show a ${this.typeName} as JSON: ${errorText(e)}`);
    }
    return options?.emitDefaults ? withDefaults(this.type, json) : json;
  }

  template(): string {
    return (this.templateText ??= JSON.stringify(templateOf(this.type), null, 2));
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
