import type * as vscode from 'vscode';
import type { MetadataEntries } from '../core/metadata';
import type { MethodInfo } from '../core/schema/types';
import type { PersistedPanelState } from '../shared/protocol';
import type { MetadataSecrets } from './secrets';
import type { RecentTargets } from './recents';
import type { SampleServerHost } from './sample-host';
import type { Sessions, ShellSession } from './sessions';
import type { HistoryStore } from './requests/history-view';
import type { MethodPanel } from './panel/panel';

/** What every command needs, built once in activate(). */
export interface Shell {
  readonly ext: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  readonly sessions: Sessions;
  readonly recents: RecentTargets;
  readonly secrets: MetadataSecrets;
  readonly sample: SampleServerHost;
  /** Calls from request files, panels and their runners, per workspace (the History view). */
  readonly history: HistoryStore;
  /**
   * `initial`: the request to load (from a `.http` file or the history) instead of the type's
   * template; `secrets`: rows of `initial.metadata` whose values came from SecretStorage (the webview
   * gets references). Returns the panel, which can send a file's request as its call (CodeLens Send).
   */
  openPanel(
    session: ShellSession,
    method: MethodInfo,
    initial?: PersistedPanelState,
    secrets?: MetadataEntries,
  ): Pick<MethodPanel, 'runRequest'>;
}
