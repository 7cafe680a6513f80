/** CodeLens "Send" and "Open in Panel" above each gRPC request of a `.http` file. */
import * as vscode from 'vscode';
import { loadHeavy } from '../lazy';
import { hasGrpcRequest } from './documents';

export class HttpCodeLens implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const text = doc.getText();
    if (!hasGrpcRequest(text)) return []; // REST Client / httpyac files without gRPC: leave them alone
    const { requests } = loadHeavy().parseRequestFile(text);
    return requests.flatMap((r, i) => {
      const range = new vscode.Range(r.line, 0, r.line, 0);
      return [
        new vscode.CodeLens(range, {
          title: '$(play) Send',
          command: 'grpcExplorer.sendRequest',
          arguments: [doc.uri, i],
          tooltip: `Send ${r.method} from its method panel (timeline and timing there); status and assertions in the "gRPC Requests" output`,
        }),
        new vscode.CodeLens(range, {
          title: 'Open in Panel',
          command: 'grpcExplorer.openRequestInPanel',
          arguments: [doc.uri, i],
          tooltip: 'Open the method panel with this request loaded',
        }),
      ];
    });
  }

  dispose(): void {
    this.changed.dispose();
  }
}
