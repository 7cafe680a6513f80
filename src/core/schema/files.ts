/**
 * Schemas without reflection: .proto source (protobufjs's parser, imports
 * searched along import paths like `protoc -I`) and protosets
 * (FileDescriptorSets as `protoc --include_imports --descriptor_set_out` writes).
 * Well-known types resolve without the user supplying google/protobuf/*.proto.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import * as protobuf from 'protobufjs';
import descriptorJson from 'protobufjs/google/protobuf/descriptor.json';
import { decodeSet, rootFromFiles, type FileProto } from './descriptors';
import { SchemaLoadError } from './schema-error';

// protobufjs bundles the common well-known types but not descriptor.proto, which
// files declaring custom options import; register its bundled JSON copy once.
if (!protobuf.common.get('google/protobuf/descriptor.proto')) {
  protobuf.common('google/protobuf/descriptor.proto', descriptorJson as protobuf.INamespace);
}

/**
 * Where `import "x/y.proto"` is found: each import path in order (protoc's
 * rule), then the importing file's directory, then the working directory.
 */
function importResolver(importPaths: readonly string[]) {
  return (origin: string, target: string): string => {
    if (isAbsolute(target)) return target;
    const dirs = [...importPaths.map((p) => resolve(p)), ...(origin ? [dirname(origin)] : []), process.cwd()];
    for (const dir of dirs) {
      const candidate = resolve(dir, target);
      if (existsSync(candidate)) return candidate;
    }
    return resolve(dirs[0] ?? '.', target); // fails to read; the error names the path and the import paths
  };
}

/** protobufjs's load error, with the file it concerns and the flag that fixes it. */
function explainLoadError(err: Error, importPaths: readonly string[]): SchemaLoadError {
  const msg = err.message;
  if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
    const path = (err as NodeJS.ErrnoException).path ?? msg;
    const searched = importPaths.length ? `import paths: ${importPaths.join(', ')}` : 'no import paths given';
    return new SchemaLoadError(`cannot find ${path} (${searched}) — add the directory that holds it with --import-path DIR`);
  }
  return new SchemaLoadError(`cannot load .proto files: ${msg}`);
}

/**
 * Parses .proto files and everything they import into one resolved Root.
 * Without import paths, each file's own directory is searched.
 */
export async function loadProtoFiles(files: readonly string[], importPaths: readonly string[] = []): Promise<protobuf.Root> {
  if (files.length === 0) throw new SchemaLoadError('no .proto files given: pass at least one --proto FILE');
  const paths = importPaths.length ? importPaths : [...new Set(files.map((f) => dirname(resolve(f))))];
  const root = new protobuf.Root();
  const resolveImport = importResolver(paths);
  // The files the user named are tried as given first (relative to the working directory).
  root.resolvePath = (origin, target) => (!origin && existsSync(target) ? resolve(target) : resolveImport(origin, target));
  try {
    await root.load([...files], { keepCase: true });
    root.resolveAll();
  } catch (e) {
    throw explainLoadError(e as Error, paths);
  }
  return root;
}

/** Reads protosets and merges their files by name into one resolved Root. */
export function loadProtosets(files: readonly string[]): protobuf.Root {
  if (files.length === 0) throw new SchemaLoadError('no protoset files given: pass at least one --protoset FILE');
  const all: FileProto[] = [];
  for (const file of files) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (e) {
      throw new SchemaLoadError(`cannot read protoset ${file}: ${(e as Error).message}`);
    }
    try {
      all.push(...decodeSet(bytes));
    } catch (e) {
      throw new SchemaLoadError(
        `${file} is not a FileDescriptorSet (${(e as Error).message}) — build it with protoc --include_imports --descriptor_set_out=${file}`,
      );
    }
  }
  return rootFromFiles(all, `protoset ${files.join(', ')}`, ' — rebuild it with protoc --include_imports');
}
