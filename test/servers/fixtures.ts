/**
 * The discovery fixtures (test/fixtures/protos) in the three forms servers and
 * users hold them: .proto paths, a protoc-built descriptor set, and a
 * proto-loader package definition (what @grpc/reflection is fed).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as protoLoader from '@grpc/proto-loader';

/** Include root of the fixture protos (what `protoc -I` and `importPaths` get). */
export const FIXTURE_ROOT = resolve(__dirname, '../fixtures/protos');

/** The fixture files, relative to FIXTURE_ROOT: two service packages and a shared one. */
export const FIXTURE_FILES = ['common/v1/common.proto', 'shop/v1/shop.proto', 'admin/v1/admin.proto'] as const;

/** Services the fixtures declare, sorted. */
export const FIXTURE_SERVICES = ['fixture.admin.v1.Admin', 'fixture.shop.v1.Shop'] as const;

let descriptorSet: Buffer | undefined;

/**
 * Runs protoc over the fixtures (`--include_imports`), once per process: the
 * bytes a protoc-built server embeds and a user passes as `--protoset`.
 */
export function protocDescriptorSet(): Buffer {
  if (descriptorSet) return descriptorSet;
  const dir = mkdtempSync(join(tmpdir(), 'fixture-protoset-'));
  const out = join(dir, 'fixtures.protoset');
  try {
    execFileSync('protoc', ['--include_imports', `--descriptor_set_out=${out}`, '-I', FIXTURE_ROOT, ...FIXTURE_FILES]);
    descriptorSet = readFileSync(out);
  } catch (e) {
    throw new Error(`protoc failed (is it installed? apt-get install protobuf-compiler): ${(e as Error).message}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return descriptorSet;
}

/** Writes the protoc descriptor set to `path` (for tests that load a protoset file). */
export function writeProtoset(path: string): string {
  writeFileSync(path, protocDescriptorSet());
  return path;
}

/**
 * The fixtures as grpc-js servers usually load them (proto-loader with
 * `keepCase`, well-known types included). `@grpc/reflection` serves what
 * proto-loader parsed, so the case option shows in the served field names.
 */
export function fixturePackageDefinition(): protoLoader.PackageDefinition {
  return protoLoader.loadSync([...FIXTURE_FILES], { includeDirs: [FIXTURE_ROOT], keepCase: true });
}
