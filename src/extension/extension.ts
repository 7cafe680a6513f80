// Entry point of the extension host side. Activation only wires things up: no server start, no
// reflection, no gRPC channel, and none of the heavy code is even parsed (./lazy.ts). Discovery, the
// sample server, codecs and the method panel load on first use.
import * as vscode from 'vscode';
import { copyGrpcurlCommand } from './commands/copy-grpcurl';
import { connectCommand } from './commands/connect';
import { DESCRIBE_SCHEME, DescribeProvider, describeCommand } from './commands/describe';
import { loadProtosCommand } from './commands/load-protos';
import { openMethodCommand } from './commands/open-method';
import { disconnectCommand, refreshCommand, startSampleCommand } from './commands/session-commands';
import { loadHeavy, stopHeavyThreads } from './lazy';
import { RecentTargets } from './recents';
import { SAMPLE_SESSION_ID, SampleServerHost } from './sample-host';
import { MetadataSecrets } from './secrets';
import { Sessions, type ShellSession } from './sessions';
import { readSettings } from './settings';
import type { Shell } from './shell';
import { TargetsTree } from './tree';
import { registerRequestFeatures } from './requests';
import { HistoryStore, newHistoryId } from './requests/history-view';
import { saveRequestToFile } from './requests/save-request';
import type { PanelHistoryEntry } from '../host/panel-host';
import type { ConnectRequest } from './sessions';

let sample: SampleServerHost | undefined;

export function activate(context: vscode.ExtensionContext): Shell {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('gRPC Explorer', { log: true });
  const recents = new RecentTargets(context.globalState, () => readSettings().recentTargetsKept);
  const secrets = new MetadataSecrets(context.secrets);
  const sessions = new Sessions(log, recents, secrets, readSettings);
  const sampleHost = new SampleServerHost(log);
  sample = sampleHost;
  const history = new HistoryStore(context.workspaceState);
  let panels: vscode.Disposable | undefined;
  /** Registers the method panels (and their serializer) the first time they are needed. */
  const ensurePanels = () => {
    if (panels) return;
    // The lab reads the in-process sample server's own counters (its session only; others have no probe).
    const flowStreams = (id: string) => (id === SAMPLE_SESSION_ID ? () => sampleHost.flowStreams() : undefined);
    const record = (entry: PanelHistoryEntry) => void history.add({ ...entry, id: newHistoryId() });
    panels = loadHeavy().registerMethodPanels(context, sessions, log, { flowStreams, record, saveRequest: saveRequestToFile });
    context.subscriptions.push(panels);
  };
  const shell: Shell = {
    ext: context, log, sessions, recents, secrets, sample: sampleHost, history,
    openPanel: (s, m, initial, secrets) => {
      ensurePanels();
      return loadHeavy().openMethodPanel(s, m, initial, secrets);
    },
  };
  sessions.restoreSpecial = (id) => (id === SAMPLE_SESSION_ID ? restoreSample(shell) : Promise.resolve(undefined));

  const tree = new TargetsTree(sessions);
  const view = vscode.window.createTreeView('grpcExplorer.targets', { treeDataProvider: tree, showCollapseAll: true });
  const describe = new DescribeProvider(sessions);
  const command = (id: string, run: (arg?: unknown) => unknown) => vscode.commands.registerCommand(`grpcExplorer.${id}`, run);
  context.subscriptions.push(
    log, sessions, tree, view, describe,
    vscode.workspace.registerTextDocumentContentProvider(DESCRIBE_SCHEME, describe),
    command('connect', () => connectCommand(shell)),
    command('disconnect', (arg) => disconnectCommand(shell, arg)),
    command('refresh', (arg) => refreshCommand(shell, arg)),
    command('openMethod', (arg) => openMethodCommand(shell, arg)),
    command('open', (arg) => openMethodCommand(shell, arg)),
    command('loadProtos', (arg) => loadProtosCommand(shell, asConnectRequest(shell, arg))),
    command('startSampleServer', () => startSampleCommand(shell)),
    command('describe', (arg) => describeCommand(shell, arg)),
    command('copyGrpcurl', (arg) => copyGrpcurlCommand(shell, arg)),
    command('showLog', () => log.show()),
    registerRequestFeatures(shell),
  );
  // VS Code keeps restored webview tabs waiting until their serializer registers, so the panel code is
  // loaded at activation only when such a tab exists (a reload with method panels open).
  if (hasMethodPanelTabs()) ensurePanels();
  log.info(`activated in ${(performance.now() - started).toFixed(1)} ms`);
  return shell;
}

function hasMethodPanelTabs(): boolean {
  return vscode.window.tabGroups.all.some((g) =>
    g.tabs.some((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('grpcExplorer.method')),
  );
}

/** Load Proto Files… keeps the target of a failed Connect (passed by its error action) or a tree row's. */
function asConnectRequest(shell: Shell, arg: unknown): ConnectRequest | undefined {
  if (arg && typeof arg === 'object' && 'address' in arg && 'transport' in arg) return arg as ConnectRequest;
  const node = arg as { type?: string; session?: ShellSession } | undefined;
  return node?.type === 'target' && node.session ? shell.sessions.get(node.session.id)?.request : undefined;
}

/** A panel restored after a reload that was on the sample server: start it again and reconnect. */
async function restoreSample(shell: Shell): Promise<ShellSession | undefined> {
  try {
    const { address } = await shell.sample.start();
    return await shell.sessions.connect({
      id: SAMPLE_SESSION_ID, label: `${address} (plaintext, sample server)`, address, transport: { kind: 'plaintext' }, headers: [], ephemeral: true,
    });
  } catch (e) {
    shell.log.error(`restoring the sample server failed: ${(e as Error).message}`);
    return undefined;
  }
}

export async function deactivate(): Promise<void> {
  stopHeavyThreads(); // an encoder thread busy with a large request would outlive the extension
  await sample?.stop();
}
