/**
 * What a benchmark figure is (a Suite) and what it may use (the BenchContext). Its own file so that
 * suites.ts, which lists every figure, and the files that define figures both stand on it.
 */
import type * as protoLoader from '@grpc/proto-loader';
import type { Schema } from '../src/core/schema/types';
import type { Comparison, Measurement } from './harness';

/** What every figure may use: the server's address, the core's schema, the static package. */
export interface BenchContext {
  readonly address: string;
  readonly schema: Schema;
  readonly staticPackage: protoLoader.PackageDefinition;
  /** 1 for the real run; smaller (e.g. 0.01) for a quick smoke run of the harness. */
  readonly scale: number;
  /** Rounds per figure when given on the command line; otherwise each figure's own default. */
  readonly rounds?: number;
}

/** Something to close after its figure ran. */
export interface Closable {
  close(): void;
}

/** A figure plus what must be closed after it. */
export type Suite = { readonly id: string } & (
  | { readonly kind: 'comparison'; readonly make: (ctx: BenchContext) => { figure: Comparison; clients: Closable[] } }
  | { readonly kind: 'measurement'; readonly make: (ctx: BenchContext) => { figure: Measurement; clients: Closable[] } }
);
