/**
 * Problems in `.http` files with gRPC requests, as editor diagnostics: the
 * parser's (line and reason), and each message checked against the request
 * type of a connected target's schema, with the JSON path at fault as the panel shows it.
 */
import * as vscode from 'vscode';
import type { GrpcRequest } from '../../core/requests/types';
import { loadHeavy } from '../lazy';
import type { Shell } from '../shell';
import { hasGrpcRequest, isRequestDocument } from './documents';

export class RequestDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('grpc-explorer-requests');
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly shell: Shell) {
    this.subscriptions = [
      vscode.workspace.onDidOpenTextDocument((d) => this.check(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.check(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => this.collection.delete(d.uri)),
      shell.sessions.onDidChange(() => vscode.workspace.textDocuments.forEach((d) => this.check(d))),
    ];
    vscode.workspace.textDocuments.forEach((d) => this.check(d));
  }

  check(doc: vscode.TextDocument): void {
    if (!isRequestDocument(doc)) return;
    const text = doc.getText();
    if (!hasGrpcRequest(text)) return this.collection.delete(doc.uri);
    const file = loadHeavy().parseRequestFile(text);
    const out = file.diagnostics.map((d) =>
      diagnostic(
        doc,
        d.line,
        d.message,
        d.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
      ),
    );
    for (const r of file.requests) out.push(...this.checkMessages(doc, r));
    this.collection.set(doc.uri, out);
  }

  /** Messages without variables, against the request type of a connected session serving the method. */
  private checkMessages(doc: vscode.TextDocument, r: GrpcRequest): vscode.Diagnostic[] {
    const { findMethod, codecFor } = loadHeavy();
    for (const s of this.shell.sessions.list()) {
      const m = findMethod(s.schema, r.method);
      if (!m) continue;
      const codec = codecFor(s.schema.root, m.requestType);
      return r.messages.flatMap((msg) => {
        if (msg.text.includes('{{')) return [];
        try {
          codec.encodeJson(msg.text);
          return [];
        } catch (e) {
          const why = (e as Error).message; // an InputError names the JSON path, as in the panel
          return [
            diagnostic(
              doc,
              msg.line,
              `${m.requestType}: ${why} (schema of ${s.label})`,
              vscode.DiagnosticSeverity.Error,
            ),
          ];
        }
      });
    }
    return [];
  }

  dispose(): void {
    this.collection.dispose();
    this.subscriptions.forEach((s) => s.dispose());
  }
}

function diagnostic(
  doc: vscode.TextDocument,
  line: number,
  message: string,
  severity: vscode.DiagnosticSeverity,
): vscode.Diagnostic {
  const l = Math.min(line, doc.lineCount - 1);
  const d = new vscode.Diagnostic(doc.lineAt(l).range, message, severity);
  d.source = 'gRPC Explorer';
  return d;
}
