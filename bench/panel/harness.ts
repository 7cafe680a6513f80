/**
 * A development harness for the method panel outside VS Code: the real host
 * side (CallSession, parseFromWebview, panelHtml with its CSP) and the real
 * built webview (dist/webview) in Debian's Chromium through playwright-core
 * (installed in .e2e/ by `npm run setup:e2e`), talking to the sample server.
 * Only `acquireVsCodeApi` and VS Code's theme variables are stood in for:
 * messages travel as server-sent events (host → webview) and POSTs (webview →
 * host), about as cheap as VS Code's postMessage, where driving them through
 * Playwright calls would cost the host far more than the panel itself does.
 * Used for screenshots while building and for the frame-gap benchmark
 * (frame-bench.ts); the end-to-end suite runs the real thing in code-server.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { extname, join, resolve } from 'node:path';
import { Connection } from '../../src/core/connection';
import { loadSchema } from '../../src/core/schema/discover';
import { jsonSchemaFor } from '../../src/core/json/json-schema';
import type { MethodInfo } from '../../src/core/schema/types';
import type { FromWebviewOf, PanelInit, ToWebviewMessage } from '../../src/shared/protocol';
import { parseFromWebview } from '../../src/shared/validate';
import { startSampleServer, type SampleServer } from '../../sample-server/server';
import { CallSession, callRoutes, type CallRequestType } from '../../src/host/call/call-session';
import { route } from '../../src/host/routes';
import { newNonce, panelHtml } from '../../src/host/html';

const ROOT = resolve(__dirname, '../..');
const DIST = join(ROOT, 'dist', 'webview');
const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.ttf': 'font/ttf' };

export interface Harness {
  readonly page: any; // playwright Page
  readonly session: CallSession;
  readonly method: MethodInfo;
  /** The sample server started in this process (none when `address` was given). */
  readonly sample: SampleServer | undefined;
  /** Messages the host posted, in order. */
  readonly posted: ToWebviewMessage[];
  close(): Promise<void>;
}

export interface HarnessOptions {
  theme?: 'dark' | 'light';
  width?: number;
  height?: number;
  /** A sample server already running elsewhere (another process); by default one starts in this process. */
  address?: string;
}

function playwright(): any {
  return createRequire(join(ROOT, '.e2e', 'package.json'))('playwright-core');
}

const BRIDGE = `
const queue = [];
let sending = false;
// In order, one at a time, as VS Code delivers webview messages.
async function pump() {
  if (sending) return;
  sending = true;
  while (queue.length) await fetch('/post', { method: 'POST', body: JSON.stringify(queue.shift()) });
  sending = false;
}
window.acquireVsCodeApi = () => ({
  postMessage: (m) => { queue.push(m); pump(); },
  getState: () => JSON.parse(sessionStorage.getItem('state') || 'null'),
  setState: (s) => sessionStorage.setItem('state', JSON.stringify(s)),
});
new EventSource('/events').onmessage = (e) => window.postMessage(JSON.parse(e.data), '*');
document.addEventListener('securitypolicyviolation', (e) => console.error('CSP: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' ' + e.sample));
document.addEventListener('DOMContentLoaded', () => document.body.classList.add(document.querySelector('link[href*="theme-light"]') ? 'vscode-light' : 'vscode-dark'));
`;

/** The page VS Code would show under the same CSP, plus the bridge, a theme stylesheet and `connect-src` for the bridge. */
function pageHtml(origin: string, title: string, theme: 'dark' | 'light'): string {
  const nonce = newNonce();
  const dist = `${origin}/dist`;
  const html = panelHtml({
    cspSource: origin,
    scriptUri: `${dist}/main.js`,
    styleUri: `${dist}/main.css`,
    codiconUri: `${dist}/codicon.css`,
    nonce,
    title,
  });
  return html
    .replace("default-src 'none';", `default-src 'none'; connect-src ${origin};`)
    .replace(
      '<link rel="stylesheet"',
      `<link rel="stylesheet" href="${origin}/theme-${theme}.css">\n<link rel="stylesheet"`,
    )
    .replace(
      '<script type="module"',
      `<script nonce="${nonce}" src="${origin}/bridge.js"></script>\n<script type="module"`,
    );
}

/** Static files, the event stream to the page and the POSTs from it. */
class Transport {
  private events: ServerResponse | undefined;
  private backlog: string[] = [];
  readonly files: Record<string, string | Buffer> = {
    '/bridge.js': BRIDGE,
    '/favicon.ico': '',
    '/theme-dark.css': readFileSync(join(__dirname, 'theme-dark.css')),
    '/theme-light.css': readFileSync(join(__dirname, 'theme-light.css')),
  };
  readonly server: Server;

  constructor(private readonly receive: (raw: unknown) => void) {
    this.server = createServer((req, res) => this.route(req, res));
  }

  listen(): Promise<string> {
    return new Promise((r) =>
      this.server.listen(0, '127.0.0.1', () =>
        r(`http://127.0.0.1:${(this.server.address() as { port: number }).port}`),
      ),
    );
  }

  send(message: ToWebviewMessage): void {
    const line = `data: ${JSON.stringify(message)}\n\n`;
    if (this.events) this.events.write(line);
    else this.backlog.push(line);
  }

  close(): void {
    this.events?.end();
    this.server.close();
  }

  private route(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path === '/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      this.events = res;
      this.backlog.splice(0).forEach((l) => res.write(l));
      return;
    }
    if (path === '/post') {
      let body = '';
      req.on('data', (d: Buffer) => (body += d));
      req.on('end', () => {
        res.writeHead(204).end();
        this.receive(JSON.parse(body));
      });
      return;
    }
    const body = this.files[path] ?? (path.startsWith('/dist/') ? readFileSync(join(DIST, path.slice(6))) : undefined);
    if (body === undefined) return void res.writeHead(404).end();
    const type = path === '/' ? 'text/html' : (TYPES[extname(path)] ?? 'application/octet-stream');
    res.writeHead(200, { 'content-type': type }).end(body);
  }
}

/** Starts (or dials) the sample server, discovers it by reflection and opens `methodName` (e.g. `explorer.sample.v1.Streams/Generate`). */
export async function openHarness(methodName: string, opts: HarnessOptions = {}): Promise<Harness> {
  const sample = opts.address ? undefined : await startSampleServer();
  const options = { address: opts.address ?? sample!.address, transport: { kind: 'plaintext' as const } };
  const schema = await loadSchema(options, { kind: 'reflection' });
  const method = schema.services.flatMap((s) => s.methods).find((m) => m.fullName === methodName);
  if (!method) throw new Error(`${methodName} is not on the sample server`);
  const connection = new Connection(options);
  const posted: ToWebviewMessage[] = [];
  const post = (m: ToWebviewMessage) => (posted.push(m), transport.send(m));
  const settings = () => ({ payloadMemoryCapBytes: 160 * 1024 * 1024, emitDefaults: false });
  const session = new CallSession({ connection, root: schema.root, method, settings, post });
  const calls = callRoutes(() => session);
  const template = session.request.template();
  const init: PanelInit = {
    sessionId: 'harness',
    targetLabel: `${options.address} (plaintext)`,
    method: { ...method },
    template,
    editorText: template,
    jsonSchema: jsonSchemaFor(schema.root, method.requestType),
    metadata: [],
    deadlineMs: null,
  };
  const transport = new Transport((raw) => {
    const m = parseFromWebview(raw);
    if (!m) return console.error('harness: malformed message from the webview', raw);
    if (m.type === 'ready') return post({ type: 'init', init });
    // The call's routes only: the dev panel has no runner, lab or save dialog behind it.
    if (Object.hasOwn(calls, m.type)) route(calls, m as FromWebviewOf<CallRequestType>);
  });
  const origin = await transport.listen();
  transport.files['/'] = pageHtml(origin, method.name, opts.theme ?? 'dark');

  const browser = await playwright().chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  const page = await browser.newPage({ viewport: { width: opts.width ?? 1280, height: opts.height ?? 800 } });
  page.on('console', (m: any) => m.type() === 'error' && console.error(`[webview] ${m.text()}`));
  page.on('pageerror', (e: Error) => console.error(`[webview] ${e.message}`));
  await page.goto(`${origin}/`);
  await page.waitForSelector('#editor .cm-content');
  return {
    page,
    session,
    method,
    sample,
    posted,
    close: async () => {
      session.dispose();
      await browser.close();
      transport.close();
      connection.close();
      await sample?.close(100);
    },
  };
}
