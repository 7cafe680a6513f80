import { join } from 'node:path';
import * as protobuf from 'protobufjs';
import { codecFor } from '../codec';
import type { MessageCodec } from '../types';

/** Package of testdata/all_types.proto. */
export const PKG = 'explorer.jsontest.v1';

/**
 * A fresh protobufjs Root from all_types.proto. Its google/protobuf imports
 * resolve through protobufjs's bundled well-known types (protobuf.common).
 */
export function loadTestRoot(): protobuf.Root {
  return protobuf.loadSync(join(__dirname, 'all_types.proto'));
}

const root = loadTestRoot();

/** The codec of `PKG.<name>` over one shared root. */
export function testCodec(name = 'AllTypes'): MessageCodec {
  return codecFor(root, `${PKG}.${name}`);
}

/** JSON text → bytes → JSON value (what the user sends, then sees echoed). */
export function roundTrip(json: string | object, options?: { emitDefaults?: boolean }, name = 'AllTypes'): unknown {
  const codec = testCodec(name);
  return codec.decode(codec.encodeJson(typeof json === 'string' ? json : JSON.stringify(json)), options);
}
