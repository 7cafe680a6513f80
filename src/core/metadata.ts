import * as grpc from '@grpc/grpc-js';

/**
 * Metadata as ordered key/value pairs, the shape every layer (CLI flags, the
 * panel's rows, settings) produces. Keys ending in `-bin` carry base64 text.
 */
export type MetadataEntries = ReadonlyArray<readonly [key: string, value: string]>;

/** Builds grpc-js Metadata; `-bin` values are base64-decoded to bytes. */
export function toGrpcMetadata(entries: MetadataEntries | undefined): grpc.Metadata {
  const md = new grpc.Metadata();
  for (const [rawKey, value] of entries ?? []) {
    const key = rawKey.trim().toLowerCase();
    if (key.endsWith('-bin')) md.add(key, Buffer.from(value, 'base64'));
    else md.add(key, value);
  }
  return md;
}

/** Flattens grpc-js Metadata back to entries; binary values come back as base64. */
export function fromGrpcMetadata(md: grpc.Metadata | undefined): [string, string][] {
  const out: [string, string][] = [];
  if (!md) return out;
  for (const [key, values] of Object.entries(md.toJSON())) {
    for (const v of values as (string | Buffer)[]) out.push([key, typeof v === 'string' ? v : Buffer.from(v).toString('base64')]);
  }
  return out;
}

/** Parses `key: value` (the CLI's -H and grpcurl's syntax). Returns undefined when there is no colon. */
export function parseHeader(text: string): [string, string] | undefined {
  const i = text.indexOf(':');
  if (i <= 0) return undefined;
  return [text.slice(0, i).trim().toLowerCase(), text.slice(i + 1).trim()];
}
