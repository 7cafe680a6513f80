/**
 * Turns JSON (proto3 canonical mapping) into protobuf bytes and back for one
 * message type. Built by `codecFor(root, typeName)` in ./codec.ts.
 */
export interface MessageCodec {
  /** Fully qualified type name, no leading dot. */
  readonly typeName: string;
  /**
   * JSON text → wire bytes. 64-bit integers keep full precision (the text is
   * parsed losslessly). Throws `InputError` naming the JSON path and what was
   * expected for invalid JSON, unknown fields, wrong types, unknown enum names,
   * two members of one oneof. Nothing invalid is ever encoded. With
   * `maxBytes`, a message over it throws `RequestTooLargeError` (an
   * InputError) before it is built when its size is certainly over, or before
   * its bytes are written.
   */
  encodeJson(text: string, options?: EncodeOptions): Uint8Array;
  /** Wire bytes → canonical JSON value (int64 as strings, Timestamps RFC 3339, …). */
  decode(bytes: Uint8Array, options?: JsonOutputOptions): unknown;
  /** Wire bytes → one line of JSON text (what the CLI prints). */
  decodeToText(bytes: Uint8Array, options?: JsonOutputOptions & { indent?: number }): string;
  /**
   * The same line as decodeToText (without indent), handed to `write` in pieces as it is made: a
   * long repeated message field is turned into JSON and text one element at a time, so a large
   * reply never stands whole as JSON tree, text and output bytes at once. `streamAt`: how many
   * elements make a field long (64; tests lower it to write every repeated message field so).
   */
  decodeToPieces(bytes: Uint8Array, write: (piece: string) => void, options?: JsonOutputOptions & { streamAt?: number }): void;
  /** A JSON text template of the request type with every field at its default, for the editor. */
  template(): string;
}

export interface JsonOutputOptions {
  /** Include fields at their default value (grpcurl's -emit-defaults). */
  emitDefaults?: boolean;
}

export interface EncodeOptions {
  /** The send limit: larger messages are refused (RequestTooLargeError) instead of encoded. */
  maxBytes?: number;
}
