/**
 * Reads the gRPC requests of a `.http` file. The conventions are those the
 * IntelliJ HTTP Client, httpyac and kulala.nvim share: requests separated by
 * `###` lines, `# @name`, `#` and `//` comments, `@var = value` file variables,
 * then `GRPC host:port/package.Service/Method`, `key: value` metadata lines, a
 * blank line and the JSON message. Where the tools differ, both spellings are
 * read (docs/REQUEST-FILES.md lists them). Requests of other kinds (GET, POST,
 * WS, …) are skipped without complaint, so one file can serve several tools.
 *
 * Never throws: every problem becomes a diagnostic with a 0-based line.
 */
import { isAssertion, parseAssertion } from './assertions';
import { applySetting, copySettings, emptySettings } from './settings';
import type { Assertion, BodyMessage, FileDiagnostic, GrpcRequest, RequestFile, RequestSettings } from './types';

const REQUEST_LINE = /^GRPC\s+/i;
const OTHER_REQUEST =
  /^(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS|CONNECT|TRACE|WS|WSS|SSE|MQTT|AMQP|GRAPHQL|https?:\/\/)\b/i;
const SEPARATOR = /^===\s*(wait-for-server)?\s*$/;
const COMMENT = /^(#|\/\/)/;
const META = /^(?:#|\/\/)\s*@([\w-]+)\s*(.*)$/;
/** `@name = value`, and httpyac's lazy `@name := value` (ours are all evaluated when used). */
const FILE_VARIABLE = /^@([\w.-]+)\s*:?=\s*(.*)$/;
/** httpyac's `{{ … }}` script block and IntelliJ's `> {% … %}` response handler: never run. */
const SCRIPT_START = /^(\{\{(@\w+)?\s*$|>\s*\{%)/;

interface Draft {
  name?: string;
  line: number;
  target: string;
  method: string;
  settings: RequestSettings;
  metadata: [string, string][];
  body: { text: string; line: number }[];
  assertions: Assertion[];
  errors: FileDiagnostic[];
  inBody: boolean;
  /** Read to its end but not a call (kulala's `GRPC host list`): the reason, reported instead. */
  skip?: FileDiagnostic;
}

export function parseRequestFile(text: string): RequestFile {
  const lines = text.split(/\r?\n/);
  const requests: GrpcRequest[] = [];
  const variables: Record<string, string> = {};
  const diagnostics: FileDiagnostic[] = [];
  /** Settings of request-less regions (httpyac's global `proto < file`) apply to every later request. */
  let global = emptySettings();
  let pending = emptySettings();
  let pendingName: string | undefined;
  let regionTitle: string | undefined;
  let draft: Draft | undefined;
  let skipping = false; // inside a request of another kind
  let protoOptions = false; // after `proto < file`: its `key: value` loader options

  const finish = (endLine: number) => {
    if (!draft) return;
    let last = endLine;
    while (last > draft.line && lines[last]!.trim() === '') last--;
    if (draft.skip) diagnostics.push(draft.skip);
    else requests.push(finalize(draft, last, diagnostics));
    draft = undefined;
  };
  /** `# @name` and `# @grpc-…` for the next request; other tools' `# @…` metadata is theirs. */
  const takeMeta = (key: string, value: string, line: number) => {
    // IntelliJ also writes `# @name = NAME` (https://www.jetbrains.com/help/idea/exploring-http-syntax.html).
    if (key === 'name') pendingName = value.replace(/^=\s*/, '') || undefined;
    else if (key.startsWith('grpc-')) {
      const d = applySetting(pending, key, value, line);
      if (d) report(d);
    }
  };
  const report = (d: FileDiagnostic, into?: Draft) => {
    diagnostics.push(d);
    if (into && d.severity === 'error') into.errors.push(d);
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trimEnd();
    const trimmed = line.trim();
    if (/^###/.test(trimmed)) {
      finish(i - 1);
      if (!skipping && pendingHasSettings(pending)) global = mergeSettings(global, pending);
      pending = emptySettings();
      pendingName = undefined;
      regionTitle = trimmed.slice(3).trim() || undefined;
      skipping = protoOptions = false;
      continue;
    }
    if (SCRIPT_START.test(trimmed)) {
      const end = skipScript(lines, i);
      // httpyac's TLS example sets channelCredentials in a script: say what to write instead.
      const tls = /channelCredentials|createSsl/.test(lines.slice(i, end + 1).join('\n'));
      report({
        line: i,
        severity: 'warning',
        message: tls
          ? 'script block not run, so its channel credentials do not apply: write grpcs:// before the address for TLS (# @grpc-cacert FILE for a private CA)'
          : 'script block not run: gRPC Explorer never runs scripts from request files (use ?? assertions and {{name.response.body.$.field}} variables)',
      });
      i = end;
      continue;
    }
    if (REQUEST_LINE.test(trimmed) && (!draft || draft.inBody)) {
      finish(i - 1);
      skipping = protoOptions = false;
      draft = startRequest(trimmed, i, mergeSettings(global, pending), pendingName ?? regionTitle);
      for (const e of draft.errors) diagnostics.push(e);
      pending = emptySettings();
      pendingName = regionTitle = undefined;
      continue;
    }
    if (draft && trimmed.startsWith('??')) {
      const a = parseAssertion(trimmed, i);
      if (isAssertion(a)) draft.assertions.push(a);
      else report(a, draft);
      continue;
    }
    const meta = META.exec(trimmed);
    if (draft?.inBody && COMMENT.test(trimmed)) {
      // JSON has no comments, so these belong to the file: often the next request's # @name.
      if (meta) takeMeta(meta[1]!, meta[2]!.trim(), i);
      continue;
    }
    if (draft) {
      readRequestLine(draft, line, trimmed, i, (d) => report(d, draft));
      continue;
    }
    if (skipping || trimmed === '') continue;
    if (OTHER_REQUEST.test(trimmed)) {
      skipping = true;
      pending = emptySettings();
      pendingName = undefined;
      continue;
    }
    if (meta) {
      takeMeta(meta[1]!, meta[2]!.trim(), i);
      continue;
    }
    if (COMMENT.test(trimmed)) continue;
    const variable = FILE_VARIABLE.exec(trimmed);
    if (variable) {
      variables[variable[1]!] = variable[2]!.trim();
      continue;
    }
    const proto = /^proto\s*<\s*(.+)$/.exec(trimmed);
    if (proto) {
      pending.protoFiles.push(proto[1]!.trim());
      protoOptions = true;
      continue;
    }
    if (protoOptions && /^[\w-]+\s*:/.test(trimmed)) {
      readLoaderOption(pending, trimmed, i, report);
      continue;
    }
    report({
      line: i,
      severity: 'warning',
      message: `"${trimmed.slice(0, 40)}" is not part of a gRPC request (expected GRPC host:port/package.Service/Method)`,
    });
  }
  finish(lines.length - 1);
  return { requests, variables, diagnostics };
}

/**
 * `GRPC [grpcs://]host:port/package.Service/Method`; kulala's grpcurl form
 * `GRPC [-flags] host:port package.Service/Method` (https://kulala.app/usage/grpc);
 * httpyac's `GRPC /package.Service/Method` on the `{{host}}` variable
 * (https://httpyac.github.io/guide/variables.html#host).
 */
function startRequest(line: string, at: number, settings: RequestSettings, name: string | undefined): Draft {
  const draft: Draft = {
    line: at,
    target: '',
    method: '',
    settings,
    metadata: [],
    body: [],
    assertions: [],
    errors: [],
    inBody: false,
    ...(name ? { name } : {}),
  };
  // Words of the line; a `{{ variable }}` with spaces inside stays one word.
  const parts = (line.match(/(?:\{\{[^}]*\}\}|\S)+/g) ?? []).slice(1);
  const fail = (message: string) => draft.errors.push({ line: at, severity: 'error', message });
  // kulala's grpcurl flags before the address: `-plaintext`, `-import-path DIR`, `-proto FILE`, …
  while (parts[0]?.startsWith('-')) {
    const flag = parts.shift()!.replace(/^--?/, '');
    const value = VALUE_FLAGS.has(flag) ? (parts.shift() ?? '') : '';
    const d = applySetting(settings, `grpc-${flag}`, value, at);
    if (d) draft.errors.push({ ...d, severity: 'error', message: `-${flag}: ${d.message}` });
  }
  const command = parts.find((p) => p === 'list' || p === 'describe');
  if (command) {
    draft.skip = {
      line: at,
      severity: 'warning',
      message: `GRPC … ${command} is kulala's schema listing, not a call: skipped (the gRPC side bar lists services and methods)`,
    };
    return draft;
  }
  let [url = '', method] = parts;
  const scheme = /^(grpcs?|https?):\/\//i.exec(url);
  if (scheme) {
    url = url.slice(scheme[0].length);
    settings.tls = /s$/i.test(scheme[1]!);
  }
  if (url.startsWith('/') && method === undefined) {
    method = url;
    url = '{{host}}';
  }
  if (method === undefined) {
    const slash = url.indexOf('/');
    method = slash < 0 ? '' : url.slice(slash + 1);
    url = slash < 0 ? url : url.slice(0, slash);
  }
  draft.target = url;
  draft.method = method.replace(/^\//, '');
  if (parts.length > 2 && /^\{\{[^}]*\}\}$/.test(parts[0]!))
    fail(
      `${parts[0]} before the address: flags from a variable are not read; write them as # @grpc-… lines (e.g. # @grpc-import-path ../protos)`,
    );
  else if (parts.length > 2 || !url || !/^[^/]+\/[^/]+$/.test(draft.method))
    fail(
      `cannot read the request line: expected GRPC host:port/package.Service/Method (grpcs:// for TLS), e.g. GRPC localhost:50051/explorer.sample.v1.Counter/Increment`,
    );
  return draft;
}

/** kulala's request-line flags that take a value (the others are switches). */
const VALUE_FLAGS = new Set(['import-path', 'proto', 'protoset', 'authority', 'cacert', 'cert', 'key', 'servername', 'deadline']);

function readRequestLine(
  draft: Draft,
  line: string,
  trimmed: string,
  i: number,
  report: (d: FileDiagnostic) => void,
): void {
  if (draft.inBody) {
    if (/^<>\s/.test(trimmed)) return; // IntelliJ's reference to a saved response
    draft.body.push({ text: line, line: i });
    return;
  }
  if (trimmed === '') {
    draft.inBody = true;
    return;
  }
  // httpyac lets the JSON message (or `< file`) follow the request line without a blank line.
  if (/^([[{"]|<@?\s)/.test(trimmed) || SEPARATOR.test(trimmed)) {
    draft.inBody = true;
    draft.body.push({ text: line, line: i });
    return;
  }
  if (COMMENT.test(trimmed)) return;
  const colon = trimmed.indexOf(':');
  if (colon <= 0) {
    report({
      line: i,
      severity: 'error',
      message: `metadata line "${trimmed.slice(0, 40)}" needs the form key: value (leave a blank line before the message)`,
    });
    return;
  }
  draft.metadata.push([trimmed.slice(0, colon).trim(), trimmed.slice(colon + 1).trim()]);
}

/**
 * Splits the body into messages at `===` lines; trailing blank lines belong to no message. Several
 * `=== wait-for-server` lines in a row wait for as many replies (httpyac's bidirectional example,
 * https://httpyac.github.io/guide/request.html#bidirectional-streaming-rpc).
 */
function finalize(d: Draft, endLine: number, diagnostics: FileDiagnostic[]): GrpcRequest {
  const messages: BodyMessage[] = [];
  let chunk: { text: string; line: number }[] = [];
  let waits = 0;
  let lastSeparator = -1;
  const flush = (atSeparator: boolean) => {
    const text = chunk
      .map((c) => c.text)
      .join('\n')
      .trim();
    if (text) {
      const line = chunk.find((c) => c.text.trim() !== '')!.line;
      messages.push({ text, line, waitForServer: waits > 0, ...(waits > 1 ? { waitReplies: waits } : {}) });
      waits = 0;
    } else if (waits > 0 && !atSeparator)
      diagnostics.push({ line: lastSeparator, severity: 'warning', message: '=== wait-for-server is followed by no message' });
    chunk = [];
  };
  for (const b of d.body) {
    const sep = SEPARATOR.exec(b.text.trim());
    if (!sep) {
      chunk.push(b);
      continue;
    }
    flush(true);
    lastSeparator = b.line;
    // A message just went out (or none yet): this separator starts the count afresh.
    if (sep[1]) waits++;
  }
  flush(false);
  return {
    ...(d.name ? { name: d.name } : {}),
    line: d.line,
    endLine,
    target: d.target,
    method: d.method,
    settings: d.settings,
    metadata: d.metadata,
    messages,
    assertions: d.assertions,
    errors: d.errors,
  };
}

/**
 * httpyac's proto-loader options after `proto < file`: only `includeDirs` matters to us. httpyac
 * evaluates the list as JavaScript; its documented forms are string literals, template literals
 * included: `${__dirname}` is the file's folder, `${name}` a variable
 * (https://httpyac.github.io/guide/request.html#protobuf-loader).
 */
function readLoaderOption(
  into: RequestSettings,
  text: string,
  line: number,
  report: (d: FileDiagnostic) => void,
): void {
  const [key, ...rest] = text.split(':');
  if (key!.trim() !== 'includeDirs') return; // keepCase, longs, …: our JSON is always proto3 canonical
  const list = rest.join(':').trim();
  const items = /^\[(.*)\]$/.exec(list)?.[1]?.trim();
  const strings = items === undefined ? undefined : items === '' ? [] : items.split(/\s*,\s*/).map(stringLiteral);
  if (!strings || strings.some((s) => s === undefined)) {
    report({
      line,
      severity: 'error',
      message:
        'includeDirs: expected a list of quoted directories, e.g. includeDirs: ["protos"] (or use # @grpc-import-path protos)',
    });
    return;
  }
  for (const d of strings) into.importPaths.push(d!);
}

/** `"dir"`, `'dir'` or `` `${__dirname}/dir` `` as a path our settings read; undefined for anything else. */
function stringLiteral(text: string): string | undefined {
  const m = /^(["'`])(.*)\1$/.exec(text);
  if (!m) return undefined;
  if (m[1] === '"') {
    try {
      return JSON.parse(text) as string;
    } catch {
      return undefined;
    }
  }
  if (m[1] === "'") return m[2];
  return m[2]!.replace(/\$\{\s*([\w.]+)\s*\}/g, (_, name: string) => (name === '__dirname' ? '.' : `{{${name}}}`));
}

function skipScript(lines: readonly string[], from: number): number {
  const close = lines[from]!.trim().startsWith('>') ? /%\}\s*$/ : /^\}\}\s*$/;
  if (close.test(lines[from]!.trim().replace(/^>\s*\{%/, ''))) return from;
  for (let j = from + 1; j < lines.length; j++) if (close.test(lines[j]!.trim())) return j;
  return lines.length - 1;
}

function pendingHasSettings(s: RequestSettings): boolean {
  return Object.keys(s).some((k) => {
    const v = s[k as keyof RequestSettings];
    return Array.isArray(v) ? v.length > 0 : v !== undefined;
  });
}

/** `over` on top of `base`; lists add up (a global proto plus a request's own). */
function mergeSettings(base: RequestSettings, over: RequestSettings): RequestSettings {
  const out = copySettings(base);
  for (const [k, v] of Object.entries(over) as [keyof RequestSettings, unknown][]) {
    if (Array.isArray(v)) (out[k] as string[]).push(...(v as string[]));
    else if (v !== undefined) (out as unknown as Record<string, unknown>)[k] = v;
  }
  return out;
}
