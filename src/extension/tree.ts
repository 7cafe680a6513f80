import * as vscode from 'vscode';
import type { MethodInfo, MethodKind, ServiceInfo } from '../core/schema/types';
import type { ShellSession, Sessions } from './sessions';
import { transportLabel } from '../host/connect/targets';

/** A row of the gRPC view: a connected target, one of its services, or a method. */
export type TreeNode =
  | { readonly type: 'target'; readonly session: ShellSession }
  | { readonly type: 'service'; readonly session: ShellSession; readonly service: ServiceInfo }
  | { readonly type: 'method'; readonly session: ShellSession; readonly method: MethodInfo };

/** Icon and words per method kind: the tree, the tooltips and the Open Method quick pick share them. */
export const KIND_INFO: Readonly<Record<MethodKind, { icon: string; label: string; short: string }>> = {
  unary: { icon: 'arrow-right', label: 'Unary: one request, one response', short: 'unary' },
  'server-streaming': { icon: 'arrow-down', label: 'Server streaming: one request, a stream of responses', short: 'server stream' },
  'client-streaming': { icon: 'arrow-up', label: 'Client streaming: a stream of requests, one response', short: 'client stream' },
  'bidi-streaming': { icon: 'arrow-swap', label: 'Bidirectional streaming: streams both ways', short: 'bidi stream' },
};

/** `explorer.sample.v1.Counter` → `Counter`. */
export function shortName(fullName: string): string {
  return fullName.slice(fullName.lastIndexOf('.') + 1);
}

/** Targets → services → methods, rebuilt whenever a session connects, refreshes or disconnects. */
export class TargetsTree implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly sub: vscode.Disposable;

  constructor(private readonly sessions: Sessions) {
    this.sub = sessions.onDidChange(() => this.changed.fire(undefined));
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (!node) return this.sessions.list().map((session) => ({ type: 'target', session }));
    if (node.type === 'target') return node.session.schema.services.map((service) => ({ type: 'service', session: node.session, service }));
    if (node.type === 'service') return node.service.methods.map((method) => ({ type: 'method', session: node.session, method }));
    return [];
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    if (node.type === 'target') return targetItem(node.session);
    if (node.type === 'service') return serviceItem(node.session, node.service);
    return methodItem(node.session, node.method);
  }

  dispose(): void {
    this.sub.dispose();
    this.changed.dispose();
  }
}

function targetItem(s: ShellSession): vscode.TreeItem {
  const item = new vscode.TreeItem(s.options.address, vscode.TreeItemCollapsibleState.Expanded);
  item.id = s.id;
  const origin = s.schema.origin.replace('reflection-', 'reflection ');
  const sample = s.id === 'sample-server';
  // Short enough for the default sidebar width: reflection is the usual source, so only files are named.
  const files = s.schema.origin === 'proto' || s.schema.origin === 'protoset' ? ` · ${origin}` : '';
  item.description = `${sample ? 'sample' : transportLabel(s.options.transport)}${files}`;
  item.tooltip = `${s.label}${sample ? ', the sample server' : ''}\n${s.schema.services.length} services, schema from ${origin}`;
  item.contextValue = 'target';
  item.iconPath = new vscode.ThemeIcon(sample ? 'beaker' : 'server-environment');
  return item;
}

function serviceItem(s: ShellSession, svc: ServiceInfo): vscode.TreeItem {
  const item = new vscode.TreeItem(shortName(svc.name), vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `${s.id}/${svc.name}`;
  item.description = svc.name.slice(0, svc.name.lastIndexOf('.'));
  item.tooltip = `${svc.name}: ${svc.methods.length} methods`;
  item.contextValue = 'service';
  item.iconPath = new vscode.ThemeIcon('symbol-interface');
  return item;
}

function methodItem(s: ShellSession, m: MethodInfo): vscode.TreeItem {
  const kind = KIND_INFO[m.kind];
  const item = new vscode.TreeItem(m.name, vscode.TreeItemCollapsibleState.None);
  item.id = `${s.id}/${m.fullName}`;
  item.description = kind.short;
  item.tooltip = new vscode.MarkdownString(`**${m.fullName}**\n\n${kind.label}\n\n\`${m.requestType}\` → \`${m.responseType}\``);
  item.contextValue = `method.${m.kind}`;
  item.iconPath = new vscode.ThemeIcon(kind.icon);
  item.accessibilityInformation = { label: `${m.name}, ${kind.short} method of ${shortName(m.service)}` };
  item.command = { command: 'grpcExplorer.openMethod', title: 'Open', arguments: [{ type: 'method', session: s, method: m } satisfies TreeNode] };
  return item;
}
