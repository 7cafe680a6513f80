/**
 * FileDescriptorProtos (from reflection or a protoset) → one resolved
 * protobufjs Root. Files are merged by name; a symbol two files both declare
 * (regrouped and real copies of one file, a vendored well-known type) is kept
 * once, because protobufjs refuses duplicates; well-known type files are always
 * protobufjs's bundled copies (see {@link rootFromFiles}).
 */
import * as protobuf from 'protobufjs';
import { FileDescriptorProto, FileDescriptorSet, type IFileDescriptorProto } from 'protobufjs/ext/descriptor';
import { SchemaLoadError } from './schema-error';

/** A decoded file; `name` and `dependency` are always present after decoding. */
export type FileProto = IFileDescriptorProto & { name: string; dependency?: string[] };

export function decodeFile(bytes: Uint8Array): FileProto {
  return FileDescriptorProto.decode(bytes) as unknown as FileProto;
}

/** The files of a FileDescriptorSet (what `protoc --descriptor_set_out` writes). */
export function decodeSet(bytes: Uint8Array): FileProto[] {
  return (FileDescriptorSet.decode(bytes) as unknown as { file: FileProto[] }).file;
}

/**
 * A well-known type's file (google/protobuf/timestamp.proto, …) built from
 * protobufjs's bundled definitions, for sources that import but do not carry it.
 */
export function wellKnownFile(name: string): FileProto | undefined {
  const json = protobuf.common.get(name);
  if (!json) return undefined;
  // Cast: grpc-js-reflection-client's typings redeclare toDescriptor() with a vaguer return type.
  const set = protobuf.Root.fromJSON(json).toDescriptor('proto3') as unknown as { file: FileProto[] };
  const file = set.file[0];
  if (file) file.name = name;
  return file;
}

/**
 * The well-known type files protojson special-cases (by type name), as
 * protobufjs bundles them, with the bundled field names (Value's `numberValue`,
 * not protoc's `number_value`): protojson reads and writes those types by the
 * bundled names, so with a server's protoc-built copy (keepCase keeps
 * number_value) every Struct value went out empty. rootFromFiles puts these
 * first, so they win over any copy a source carries.
 */
const SPECIAL_JSON_FILES: readonly FileProto[] = ['any', 'duration', 'empty', 'field_mask', 'struct', 'timestamp', 'wrappers'].map(
  (base) => {
    const name = `google/protobuf/${base}.proto`;
    const file = wellKnownFile(name)!;
    const bundled = (protobuf.common.get(name) as any).nested.google.nested.protobuf.nested as Record<string, protobuf.IType>;
    for (const message of file.messageType ?? []) {
      const fields = Object.entries(bundled[message.name ?? '']?.fields ?? {});
      for (const field of message.field ?? []) field.name = fields.find(([, f]) => f.id === field.number)?.[0] ?? field.name;
    }
    return file;
  },
);

/** Dependencies named by some file but not among `files`: [missing file, file importing it]. */
export function missingDependencies(files: ReadonlyMap<string, FileProto>): [string, string][] {
  const out: [string, string][] = [];
  for (const f of files.values()) {
    for (const dep of f.dependency ?? []) if (!files.has(dep)) out.push([dep, f.name]);
  }
  return out;
}

/** Top-level names a file declares, fully qualified. */
function topLevelNames(f: FileProto): string[] {
  const prefix = f.package ? `${f.package}.` : '';
  return [...(f.messageType ?? []), ...(f.enumType ?? []), ...(f.service ?? []), ...(f.extension ?? [])].map(
    (d) => prefix + (d.name ?? ''),
  );
}

/** Copies of files with every top-level symbol an earlier file already declared removed. */
function withoutDuplicateSymbols(files: readonly FileProto[]): FileProto[] {
  const seen = new Set<string>();
  return files.map((f) => {
    const prefix = f.package ? `${f.package}.` : '';
    const fresh = <T extends { name?: string | null }>(list: T[] | undefined) =>
      (list ?? []).filter((d) => !seen.has(prefix + (d.name ?? '')));
    const copy: FileProto = {
      ...f,
      messageType: fresh(f.messageType),
      enumType: fresh(f.enumType),
      service: fresh(f.service),
      extension: fresh(f.extension),
    };
    for (const n of topLevelNames(f)) seen.add(n);
    return copy;
  });
}

/**
 * One resolved Root from files in any order. Missing well-known type files are
 * added. Other missing imports are tolerated while nothing needs them (servers
 * often leave out option-only imports such as google/api/annotations.proto);
 * when a type does not resolve, the error names the missing files, then `fix`.
 */
export function rootFromFiles(input: Iterable<FileProto>, source: string, fix = ''): protobuf.Root {
  const files = new Map<string, FileProto>();
  for (const f of input) if (!files.has(f.name)) files.set(f.name, f);
  const missing: string[] = [];
  for (const [dep, importer] of missingDependencies(files)) {
    const wkt = wellKnownFile(dep);
    if (wkt) files.set(dep, wkt);
    else missing.push(`${dep} (imported by ${importer})`);
  }
  try {
    // keepCase: field names as written in the .proto, as loadProtoFiles gives them. Without
    // it protobufjs names fields after json_name when a descriptor carries one (protoc's
    // do, @grpc/reflection's do not), so names would differ by server.
    for (const f of SPECIAL_JSON_FILES) files.delete(f.name);
    const all = withoutDuplicateSymbols([...SPECIAL_JSON_FILES, ...files.values()]);
    return protobuf.Root.fromDescriptor({ file: all }, { keepCase: true });
  } catch (e) {
    const lacking = missing.length ? `; ${source} lacks ${missing.join(', ')}${fix}` : '';
    throw new SchemaLoadError(`the descriptors from ${source} do not resolve: ${(e as Error).message}${lacking}`);
  }
}
