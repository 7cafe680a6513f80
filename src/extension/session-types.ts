import type * as vscode from 'vscode';
import type { PanelTarget } from '../host/panel-host';

/**
 * A connected target: its channel and its discovered schema, owned by the extension shell. The fields
 * are the host's `PanelTarget` (one description for both layers: the shell hands a session to a panel
 * as it is).
 */
export type TargetSession = PanelTarget;

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
