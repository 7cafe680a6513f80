import * as vscode from 'vscode';
import type { Schema } from '../../core/schema/types';
import { loadHeavy } from '../lazy';
import type { Sessions } from '../sessions';
import type { Shell } from '../shell';
import { asNode, pickSession } from './pick-session';

/** URI scheme of the read-only proto text documents that Describe opens. */
export const DESCRIBE_SCHEME = 'grpc-describe';

/** `grpc-describe:/<address>/<symbol>.proto?<session id>`: the path names the tab, the query finds the session. */
export function describeUri(sessionId: string, address: string, symbol: string | undefined): vscode.Uri {
  const file = `${(symbol ?? 'all-services').replace(/\//g, '.')}.proto`;
  return vscode.Uri.from({ scheme: DESCRIBE_SCHEME, path: `/${address.replace(/\//g, '_')}/${file}`, query: sessionId });
}

/** Renders the proto text on demand, so a refreshed schema shows up when the document is reopened. */
export class DescribeProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly sub: vscode.Disposable;

  constructor(private readonly sessions: Sessions) {
    // Re-render open describe documents when their target refreshes.
    this.sub = sessions.onDidChange(() => {
      for (const doc of vscode.workspace.textDocuments) if (doc.uri.scheme === DESCRIBE_SCHEME) this.changed.fire(doc.uri);
    });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const session = this.sessions.get(uri.query);
    if (!session) return `// ${uri.query} is not connected any more: run "gRPC: Connect" and Describe again.\n`;
    const name = uri.path.slice(uri.path.lastIndexOf('/') + 1).replace(/\.proto$/, '');
    const { describeSymbol } = loadHeavy();
    try {
      if (name === 'all-services') return describeSymbol(session.schema);
      // A method reads best with its request and response messages under it.
      const method = session.schema.services.flatMap((s) => s.methods).find((m) => m.fullName.replace('/', '.') === name);
      const symbols = method ? [...new Set([name, method.requestType, method.responseType])] : [name];
      return symbols.map((sym) => describeSymbol(session.schema, sym)).join('\n\n');
    } catch (e) {
      return `// cannot describe ${name}: ${(e as Error).message}\n`;
    }
  }

  dispose(): void {
    this.sub.dispose();
    this.changed.dispose();
  }
}

/** Message types reachable from the services' methods, for the Describe quick pick. */
function messageTypes(schema: Schema): string[] {
  const names = new Set<string>();
  for (const s of schema.services) for (const m of s.methods) names.add(m.requestType).add(m.responseType);
  return [...names].sort();
}

/** gRPC: Describe — proto text of a target, a service, or a method's service and message types. */
export async function describeCommand(shell: Shell, arg?: unknown): Promise<void> {
  const node = asNode(arg);
  const session = await pickSession(shell, arg, 'describe');
  if (!session) return;
  let symbol: string | undefined;
  if (node?.type === 'service') symbol = node.service.name;
  else if (node?.type === 'method') symbol = node.method.fullName.replace('/', '.');
  else if (!node) {
    const pick = await vscode.window.showQuickPick(
      [
        { label: 'All services', symbol: undefined as string | undefined },
        ...session.schema.services.map((s) => ({ label: s.name, description: 'service', symbol: s.name as string | undefined })),
        ...messageTypes(session.schema).map((t) => ({ label: t, description: 'message', symbol: t as string | undefined })),
      ],
      { title: `gRPC: Describe — ${session.label}`, placeHolder: 'Service or message type' },
    );
    if (!pick) return;
    symbol = pick.symbol;
  }
  const doc = await vscode.workspace.openTextDocument(describeUri(session.id, session.options.address, symbol));
  await vscode.window.showTextDocument(doc, { preview: true });
}
