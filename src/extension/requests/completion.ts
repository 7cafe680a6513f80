/**
 * Completion in `.http` files: `package.Service/Method` of connected targets
 * after `GRPC host:port/`, metadata keys under the request line, `# @grpc-…`
 * settings, `{{variables}}` (environment, file, dynamic), and field names in a
 * request's JSON message from the request type's JSON Schema (the one the
 * panel's editor completes from), when a connected target serves the method.
 */
import * as vscode from 'vscode';
import { dirname } from 'node:path';
import { loadHeavy } from '../lazy';
import type { Shell } from '../shell';
import type { EnvironmentPicker } from './environment-picker';

const METADATA_KEYS = ['authorization', 'x-request-id', 'grpc-timeout', 'user-agent', 'x-api-key'];
const SETTINGS = [
  'grpc-proto',
  'grpc-import-path',
  'grpc-protoset',
  'grpc-plaintext',
  'grpc-tls',
  'grpc-cacert',
  'grpc-cert',
  'grpc-key',
  'grpc-servername',
  'grpc-insecure',
  'grpc-deadline',
  'name',
];
const DYNAMIC = ['$uuid', '$timestamp', '$isoTimestamp', '$randomInt 0 100', '$processEnv NAME'];

export class RequestCompletion implements vscode.CompletionItemProvider {
  constructor(
    private readonly shell: Shell,
    private readonly envs: EnvironmentPicker,
  ) {}

  provideCompletionItems(doc: vscode.TextDocument, pos: vscode.Position): vscode.CompletionItem[] {
    const before = doc.lineAt(pos.line).text.slice(0, pos.character);
    if (/\{\{[^}]*$/.test(before)) return this.variables(doc);
    const fields = this.fields(doc, pos);
    if (fields) return fields;
    if (/^GRPC\s+\S+[/ ]\S*$/i.test(before)) return this.methods();
    if (/^(#|\/\/)\s*@[\w-]*$/.test(before))
      return SETTINGS.map((s) => new vscode.CompletionItem(s, vscode.CompletionItemKind.Property));
    if (/^[\w-]*$/.test(before) && this.inMetadata(doc, pos.line)) {
      const keys = new Set([
        ...METADATA_KEYS,
        ...this.shell.sessions.list().flatMap((s) => s.metadata.map(([k]) => k)),
      ]);
      return [...keys].map((k) =>
        Object.assign(new vscode.CompletionItem(k, vscode.CompletionItemKind.Field), { insertText: `${k}: ` }),
      );
    }
    return [];
  }

  /** Field names at the cursor inside a request's message; undefined when the cursor is not in one. */
  private fields(doc: vscode.TextDocument, pos: vscode.Position): vscode.CompletionItem[] | undefined {
    const heavy = loadHeavy();
    const req = heavy.parseRequestFile(doc.getText()).requests.find((r) => r.line < pos.line && pos.line <= r.endLine);
    const message = req?.messages.filter((m) => m.line <= pos.line).at(-1);
    if (!req || !message) return undefined;
    for (let l = message.line; l < pos.line; l++)
      if (/^(===|\?\?|###)/.test(doc.lineAt(l).text.trim())) return undefined; // past the message
    const before = doc.getText(new vscode.Range(message.line, 0, pos.line, pos.character));
    const spot = heavy.keySpotAt(before);
    if (!spot) return undefined;
    for (const s of this.shell.sessions.list()) {
      const method = heavy.findMethod(s.schema, req.method);
      if (!method) continue;
      const schema = heavy.jsonSchemaFor(s.schema.root, method.requestType);
      const typed = spot.partial ?? '';
      const range = new vscode.Range(pos.line, pos.character - typed.length, pos.line, pos.character);
      return heavy.fieldsAt(schema, spot).map((f) =>
        Object.assign(new vscode.CompletionItem(f.name, vscode.CompletionItemKind.Field), {
          detail: `${method.requestType} · ${s.label}`,
          documentation: f.description,
          // Inside quotes the name alone; elsewhere the quoted name and its colon.
          insertText: spot.partial !== undefined ? f.name : `"${f.name}": `,
          range,
        }),
      );
    }
    return [];
  }

  private methods(): vscode.CompletionItem[] {
    return this.shell.sessions.list().flatMap((s) =>
      s.schema.services.flatMap((svc) =>
        svc.methods.map((m) =>
          Object.assign(new vscode.CompletionItem(`${svc.name}/${m.name}`, vscode.CompletionItemKind.Method), {
            detail: `${m.kind} · ${s.label}`,
          }),
        ),
      ),
    );
  }

  /** Directly under a GRPC line, before the blank line that starts the message. */
  private inMetadata(doc: vscode.TextDocument, line: number): boolean {
    for (let l = line - 1; l >= 0; l--) {
      const text = doc.lineAt(l).text.trim();
      if (/^GRPC\s/i.test(text)) return true;
      if (text === '' || text.startsWith('###') || !text.includes(':')) return false;
    }
    return false;
  }

  private variables(doc: vscode.TextDocument): vscode.CompletionItem[] {
    const { loadEnvironments, environmentValues, parseRequestFile } = loadHeavy();
    let env: Record<string, string> = {};
    try {
      env = environmentValues(
        loadEnvironments(dirname(doc.uri.fsPath), vscode.workspace.getWorkspaceFolder(doc.uri)?.uri.fsPath),
        this.envs.current,
      );
    } catch {
      /* an environment that no longer exists: offer the rest */
    }
    const file = parseRequestFile(doc.getText());
    const named = file.requests.flatMap((r) => (r.name ? [`${r.name}.response.body.$.`] : []));
    return [
      ...Object.keys(env).map((k) =>
        Object.assign(new vscode.CompletionItem(k, vscode.CompletionItemKind.Variable), {
          detail: this.envs.current ?? '$shared',
        }),
      ),
      ...Object.keys(file.variables).map((k) =>
        Object.assign(new vscode.CompletionItem(k, vscode.CompletionItemKind.Variable), { detail: '@variable' }),
      ),
      ...named.map((k) => new vscode.CompletionItem(k, vscode.CompletionItemKind.Reference)),
      ...DYNAMIC.map((k) => new vscode.CompletionItem(k, vscode.CompletionItemKind.Function)),
    ];
  }
}
