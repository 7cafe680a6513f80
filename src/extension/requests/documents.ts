import type * as vscode from 'vscode';

/** `.http` files, whichever extension claims the `http` language (REST Client, httpyac) or none. */
export const REQUEST_SELECTOR: vscode.DocumentSelector = [{ language: 'http' }, { pattern: '**/*.http' }];
export const PROTO_SELECTOR: vscode.DocumentSelector = [
  { language: 'proto3' },
  { language: 'proto' },
  { pattern: '**/*.proto' },
];

export function isRequestDocument(doc: vscode.TextDocument): boolean {
  return doc.languageId === 'http' || doc.uri.path.endsWith('.http');
}

/** Only files with a gRPC request get our diagnostics, so plain REST files stay untouched. */
export function hasGrpcRequest(text: string): boolean {
  return /^GRPC\s/im.test(text);
}
