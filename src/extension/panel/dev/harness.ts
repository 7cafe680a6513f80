/**
 * A development harness for the method panel outside VS Code: the real host
 * side (CallSession, parseFromWebview, panelHtml with its CSP) and the real
 * built webview (dist/webview) in Debian's Chromium through playwright-core
 * (installed in .e2e/ by `npm run setup:e2e`), talking to the sample server.
 * Only `acquireVsCodeApi` and VS Code's theme variables are stood in for.
 * Used for screenshots while building and for the webview frame-gap
 * benchmark (frame-bench.ts); the end-to-end suite runs the real thing.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { extname, join, resolve } from 'node:path';
import { Connection } from '../../../core/connection';
import { loadSchema } from '../../../core/schema/discover';
import { jsonSchemaFor } from '../../../core/json/json-schema';
import type { MethodInfo, Schema } from '../../../core/schema/types';
import type { PanelInit, ToWebviewMessage } from '../../../shared/protocol';
import { parseFromWebview } from '../../../shared/validate';
import { startSampleServer, type SampleServer } from '../../../../sample-server/server';
import { CallSession } from '../call-session';
import { newNonce, panelHtml } from '../html';

const ROOT = resolve(__dirname, '../../../..');
const DIST = join(ROOT, 'dist', 'webview');
const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.ttf': 'font/ttf',
  '.map': 'application/json',
};

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

function playwright(): any {
  return createRequire(join(ROOT, '.e2e', 'package.json'))('playwright-core');
}

function serve(files: Record<string, string | Buffer>): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const body = files[path] ?? (path.startsWith('/dist/') ? readFileSync(join(DIST, path.slice(6))) : undefined);
    if (body === undefined) return void res.writeHead(404).end();
    res
      .writeHead(200, {
        'content-type': path === '/' ? 'text/html' : (TYPES[extname(path)] ?? 'application/octet-stream'),
      })
      .end(body);
  });
  return new Promise((r) =>
    server.listen(0, '127.0.0.1', () =>
      r({ server, origin: `http://127.0.0.1:${(server.address() as { port: number }).port}` }),
    ),
  );
}

/** The page VS Code would show, plus a stand-in for acquireVsCodeApi and a theme stylesheet, under the same CSP. */
function pageHtml(origin: string, title: string, theme: 'dark' | 'light'): string {
  const nonce = newNonce();
  const html = panelHtml({
    cspSource: origin,
    scriptUri: `${origin}/dist/main.js`,
    styleUri: `${origin}/dist/main.css`,
    codiconUri: `${origin}/dist/codicon.css`,
    nonce,
    title,
  });
  return html
    .replace(
      '<link rel="stylesheet"',
      `<link rel="stylesheet" href="${origin}/theme-${theme}.css">\n<link rel="stylesheet"`,
    )
    .replace(
      '<script type="module"',
      `<script nonce="${nonce}" src="${origin}/bridge.js"></script>\n<script type="module"`,
    );
}

const BRIDGE = `
window.acquireVsCodeApi = () => ({
  postMessage: (m) => window.__toHost(m),
  getState: () => JSON.parse(sessionStorage.getItem('state') || 'null'),
  setState: (s) => sessionStorage.setItem('state', JSON.stringify(s)),
});
document.addEventListener('securitypolicyviolation', (e) => console.error('CSP: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber + ':' + e.columnNumber + ' ' + e.sample + ' on ' + (e.target && e.target.outerHTML ? e.target.outerHTML.slice(0, 200) : String(e.target))));
document.addEventListener('DOMContentLoaded', () => document.body.classList.add(document.querySelector('link[href*="theme-light"]') ? 'vscode-light' : 'vscode-dark'));
`;

export interface HarnessOptions {
  theme?: 'dark' | 'light';
  width?: number;
  height?: number;
  /** A sample server already running elsewhere (another process); by default one starts in this process. */
  address?: string;
}

/** Starts (or dials) the sample server, discovers it by reflection and opens `methodName` (e.g. `explorer.sample.v1.Streams/Generate`). */
export async function openHarness(methodName: string, opts: HarnessOptions = {}): Promise<Harness> {
  const sample = opts.address ? undefined : await startSampleServer();
  const options = { address: opts.address ?? sample!.address, transport: { kind: 'plaintext' as const } };
  const schema: Schema = await loadSchema(options, { kind: 'reflection' });
  const method = schema.services.flatMap((s) => s.methods).find((m) => m.fullName === methodName);
  if (!method) throw new Error(`${methodName} is not on the sample server`);
  const connection = new Connection(options);
  const theme = opts.theme ?? 'dark';
  const files: Record<string, string | Buffer> = {
    '/bridge.js': BRIDGE,
    '/favicon.ico': '',
    '/theme-dark.css': readFileSync(join(__dirname, 'theme-dark.css')),
    '/theme-light.css': readFileSync(join(__dirname, 'theme-light.css')),
  };
  const { server, origin } = await serve(files);
  files['/'] = pageHtml(origin, method.name, theme);

  const browser = await playwright().chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  const page = await browser.newPage({ viewport: { width: opts.width ?? 1280, height: opts.height ?? 800 } });
  page.on('console', (m: any) => m.type() === 'error' && console.error(`[webview] ${m.text()}`));
  page.on('response', (r: any) => r.status() >= 400 && console.error(`[webview] ${r.status()} ${r.url()}`));
  page.on('pageerror', (e: Error) => console.error(`[webview] ${e.message}`));
  const posted: ToWebviewMessage[] = [];
  let queue = Promise.resolve();
  const post = (m: ToWebviewMessage) => {
    posted.push(m);
    queue = queue.then(() => page.evaluate((msg: unknown) => window.postMessage(msg, '*'), m)).catch(() => undefined);
  };
  const session = new CallSession({
    connection,
    root: schema.root,
    method,
    settings: () => ({ payloadMemoryCapBytes: 256 * 1024 * 1024, emitDefaults: false }),
    post,
  });
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
  await page.exposeBinding('__toHost', (_src: unknown, raw: unknown) => {
    const m = parseFromWebview(raw);
    if (!m) return console.error('harness: malformed message from the webview', raw);
    if (m.type === 'ready') return post({ type: 'init', init });
    if (m.type !== 'export') session.handle(m);
  });
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
      server.close();
      connection.close();
      await sample?.close(100);
    },
  };
}
