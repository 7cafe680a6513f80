import type * as vscode from 'vscode';
import { forgetTarget, loadTargets, rememberTarget, type SavedTarget } from '../host/connect/targets';

const KEY = 'grpcExplorer.recentTargets';

/** The recent-targets list in globalState (per-target transport, source and non-secret metadata). */
export class RecentTargets {
  constructor(
    private readonly state: vscode.Memento,
    private readonly kept: () => number,
  ) {}

  list(): SavedTarget[] {
    return loadTargets(this.state.get(KEY)).slice(0, this.kept());
  }

  get(id: string): SavedTarget | undefined {
    return this.list().find((t) => t.id === id);
  }

  async remember(entry: SavedTarget): Promise<SavedTarget[]> {
    const all = loadTargets(this.state.get(KEY));
    const next = rememberTarget(all, entry, this.kept());
    await this.state.update(KEY, next);
    // Entries pushed past the limit are returned so their secrets can be deleted too.
    return all.filter((t) => !next.some((n) => n.id === t.id));
  }

  async forget(id: string): Promise<void> {
    await this.state.update(KEY, forgetTarget(loadTargets(this.state.get(KEY)), id));
  }
}
