/**
 * The request environment (http-client.env.json's `dev`, `prod`, …) chosen
 * for this workspace, shown in the status bar while a `.http` file is open.
 */
import * as vscode from 'vscode';
import { dirname } from 'node:path';
import { loadHeavy } from '../lazy';
import { isRequestDocument } from './documents';

const KEY = 'grpcExplorer.requestEnvironment';

export class EnvironmentPicker implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    'grpcExplorer.environment',
    vscode.StatusBarAlignment.Left,
    50,
  );
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly state: vscode.Memento) {
    this.item.name = 'gRPC request environment';
    this.item.command = 'grpcExplorer.selectEnvironment';
    this.subscription = vscode.window.onDidChangeActiveTextEditor(() => this.update());
    this.update();
  }

  /** The environment's name; undefined = `$shared` only. */
  get current(): string | undefined {
    return this.state.get<string>(KEY);
  }

  /** Quick pick of the environments defined for the active request file (or the first workspace folder). */
  async pick(): Promise<void> {
    const doc = vscode.window.activeTextEditor?.document;
    const dir =
      doc && isRequestDocument(doc) ? dirname(doc.uri.fsPath) : vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    if (!dir)
      return void vscode.window.showInformationMessage(
        'Open a .http file or a folder to choose a request environment.',
      );
    const { loadEnvironments, environmentNames } = loadHeavy();
    const envs = loadEnvironments(dir);
    for (const e of envs.errors) void vscode.window.showWarningMessage(e);
    const none = '$(circle-slash) No environment ($shared only)';
    const items = [
      ...environmentNames(envs).map((label) => ({ label, description: label === this.current ? 'current' : '' })),
      { label: none, description: '' },
    ];
    const chosen = await vscode.window.showQuickPick(items, {
      title: 'gRPC request environment',
      placeHolder: envs.dir
        ? `From ${vscode.workspace.asRelativePath(envs.dir)}/http-client(.private).env.json`
        : 'No http-client.env.json found next to the file or above it',
    });
    if (!chosen) return;
    await this.state.update(KEY, chosen.label === none ? undefined : chosen.label);
    this.update();
    this.changed.fire();
  }

  private update(): void {
    const doc = vscode.window.activeTextEditor?.document;
    this.item.text = `$(server-environment) ${this.current ?? 'no env'}`;
    this.item.tooltip = 'gRPC request environment (http-client.env.json): click to switch';
    if (doc && isRequestDocument(doc)) this.item.show();
    else this.item.hide();
  }

  dispose(): void {
    this.item.dispose();
    this.changed.dispose();
    this.subscription.dispose();
  }
}
