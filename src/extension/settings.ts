import * as vscode from 'vscode';
import type { ExplorerSettings } from './session-types';

/** Reads the `grpcExplorer.*` settings, falling back to the defaults package.json declares. */
export function readSettings(): ExplorerSettings {
  const c = vscode.workspace.getConfiguration('grpcExplorer');
  const version = c.get<string>('reflectionVersion', 'auto');
  return {
    defaultDeadlineMs: Math.max(0, c.get<number>('defaultDeadlineMs', 0)),
    maxMessageBytes: Math.max(1024, c.get<number>('maxMessageBytes', 4 * 1024 * 1024)),
    emitDefaults: c.get<boolean>('emitDefaults', true),
    reflectionVersion: version === 'v1' || version === 'v1alpha' ? version : 'auto',
    recentTargetsKept: Math.max(0, c.get<number>('recentTargetsKept', 10)),
    payloadMemoryCapBytes: Math.max(1024 * 1024, c.get<number>('payloadMemoryCapBytes', 160 * 1024 * 1024)),
  };
}
