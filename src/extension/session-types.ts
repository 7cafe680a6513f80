import type * as vscode from 'vscode';
import type { Connection, ConnectionOptions } from '../core/connection';
import type { MetadataEntries } from '../core/metadata';
import type { Schema } from '../core/schema/types';

/** A connected target: its channel and its discovered schema. Owned by the extension shell. */
export interface TargetSession {
  /** Stable key for the target (address + transport), also used to restore panels after a reload. */
  readonly id: string;
  /** What the tree shows, e.g. `127.0.0.1:50051 (plaintext)`. */
  readonly label: string;
  readonly options: ConnectionOptions;
  readonly connection: Connection;
  readonly schema: Schema;
  /** Metadata the user gave for reflection; the panel pre-fills its request metadata rows with it. */
  readonly metadata: MetadataEntries;
  /** Keys of `metadata` the user marked secret: the panel shows references for them, never values. */
  readonly secretKeys?: readonly string[];
}

/** Settings users tune (contributed under `grpcExplorer.*`). */
export interface ExplorerSettings {
  readonly defaultDeadlineMs: number;
  readonly maxMessageBytes: number;
  readonly emitDefaults: boolean;
  readonly reflectionVersion: 'auto' | 'v1' | 'v1alpha';
  readonly recentTargetsKept: number;
  /** In-memory payload cap before a call's messages spill to a temp file (default 256 MiB). */
  readonly payloadMemoryCapBytes: number;
}

/** What the panel needs from the shell. */
export interface SessionRegistry {
  get(id: string): TargetSession | undefined;
  /** Reconnects a target known from a previous window (used when a panel is restored after reload). */
  restore(id: string): Promise<TargetSession | undefined>;
  readonly onDidChange: vscode.Event<void>;
  settings(): ExplorerSettings;
}
