import * as vscode from 'vscode';
import { grpcurlCommand, secretEnvNames } from '../../core/grpcurl';
import { loadHeavy } from '../lazy';
import type { Shell } from '../shell';
import { asNode } from './pick-session';

/**
 * Copy as grpcurl command — the method's call as a shell line: transport flags, metadata (secrets as
 * `$ENV` placeholders), limits from the settings and `-d` with a template of the request type.
 */
export async function copyGrpcurlCommand(shell: Shell, arg?: unknown): Promise<void> {
  const node = asNode(arg);
  if (node?.type !== 'method') {
    void vscode.window.showInformationMessage('gRPC: right-click a method in the gRPC view to copy its grpcurl command.');
    return;
  }
  const session = shell.sessions.get(node.session.id) ?? node.session;
  const settings = shell.sessions.settings();
  const { codecFor } = loadHeavy();
  let request: string | undefined;
  try {
    request = codecFor(session.schema.root, node.method.requestType).template();
  } catch (e) {
    shell.log.warn(`no request template for ${node.method.requestType}: ${(e as Error).message}`);
  }
  const metadata = session.request.headers;
  const line = grpcurlCommand({
    address: session.options.address,
    transport: session.options.transport,
    method: node.method.fullName,
    request,
    metadata,
    source: session.source,
    deadlineMs: settings.defaultDeadlineMs,
    maxMessageBytes: settings.maxMessageBytes,
    emitDefaults: settings.emitDefaults,
  });
  await vscode.env.clipboard.writeText(line);
  const envs = secretEnvNames(metadata);
  const note = envs.length ? ` Set ${envs.map((e) => '$' + e).join(', ')} before running it.` : '';
  void vscode.window.showInformationMessage(`gRPC: grpcurl command for ${node.method.name} copied.${note}`);
}
