/**
 * The variables a request sent from the editor sees: the file's own, the
 * chosen environment's, and for any other name a secret from SecretStorage
 * (set with "gRPC: Set Request Secret…"), so tokens never live in a file.
 */
import * as vscode from 'vscode';
import { dirname } from 'node:path';
import type { GrpcRequest, RequestFile } from '../../core/requests/types';
import { loadHeavy } from '../lazy';

const secretKey = (name: string) => `grpcExplorer.requestVariable/${name}`;

export interface EditorVariables {
  readonly environment: Record<string, string>;
  readonly searched: string;
  readonly fallback: (name: string) => string | undefined;
}

export async function editorVariables(
  secrets: vscode.SecretStorage,
  doc: vscode.TextDocument,
  file: RequestFile,
  req: GrpcRequest,
  envName: string | undefined,
): Promise<EditorVariables> {
  const { loadEnvironments, environmentValues, variableNames } = loadHeavy();
  const root = vscode.workspace.getWorkspaceFolder(doc.uri)?.uri.fsPath;
  const envs = loadEnvironments(dirname(doc.uri.fsPath), root);
  const environment = environmentValues(envs, envName);
  // SecretStorage is asynchronous and substitution is not: fetch what the request may need first.
  const texts = [
    req.target,
    ...req.metadata.flat(),
    ...req.messages.map((m) => m.text),
    ...req.assertions.map((a) => a.expected),
    ...Object.values(file.variables),
  ];
  const names = [...new Set(texts.flatMap((t) => variableNames(t)))].filter(
    (n) => !n.startsWith('$') && !(n in file.variables) && !(n in environment),
  );
  const found = new Map<string, string>();
  for (const n of names) {
    const v = await secrets.get(secretKey(n));
    if (v !== undefined) found.set(n, v);
  }
  const where = envName ? `environment "${envName}"` : 'the $shared environment';
  return {
    environment,
    searched: `the file's @variables, ${where} or the stored request secrets (gRPC: Set Request Secret…)`,
    fallback: (n) => found.get(n),
  };
}

/** "gRPC: Set Request Secret…": a variable's value kept in the OS keychain. */
export async function setRequestSecret(secrets: vscode.SecretStorage): Promise<void> {
  const name = await vscode.window.showInputBox({
    title: 'Request secret: variable name',
    prompt: 'The {{name}} a request file uses, e.g. token',
    validateInput: (v) => (/^[\w.-]+$/.test(v) ? undefined : 'letters, digits, _ . -'),
  });
  if (!name) return;
  const value = await vscode.window.showInputBox({
    title: `Value of {{${name}}}`,
    password: true,
    prompt: 'Stored in the OS keychain (SecretStorage), never in a file',
  });
  if (value === undefined) return;
  await secrets.store(secretKey(name), value);
  void vscode.window.showInformationMessage(`{{${name}}} is stored; requests sent from the editor resolve it.`);
}
