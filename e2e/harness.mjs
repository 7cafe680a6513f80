// Runs a real VS Code (code-server 4.100.3 = VS Code 1.100.3, Node extension host) with the packaged
// extension installed, and drives it from Debian's Chromium through playwright-core. See e2e/README.md.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync, existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..');
export const TOOLS = join(ROOT, '.e2e');
export const RESULTS = join(ROOT, 'e2e-results');
const CODE_SERVER = join(TOOLS, 'node_modules', '.bin', 'code-server');

/** playwright-core lives in .e2e/ (not a dependency of the extension). */
export function playwright() {
  if (!existsSync(CODE_SERVER)) throw new Error('code-server is not installed in .e2e/: run `npm run setup:e2e` first');
  return createRequire(join(TOOLS, 'package.json'))('playwright-core');
}

/** A free loopback port (asks the OS for one, then releases it). */
export function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (s.address());
      s.close(() => res(port));
    });
  });
}

/** Resolves when `probe()` is truthy; fails after `ms` naming what it waited for. */
export async function waitFor(what, probe, ms = 30_000, every = 200) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, every));
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}${last ? `: ${last.message}` : ''}`);
}

/** Kills a whole process group (code-server forks watchers that outlive their parent). */
export function killGroup(child) {
  if (!child?.pid || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {}
  setTimeout(() => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {}
  }, 2000).unref();
}

const alive = new Set();
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { alive.forEach(killGroup); process.exit(130); });
process.on('exit', () => alive.forEach(killGroup));

/** Starts a process in its own group, remembered so it is killed even when the suite fails. */
export function spawnGroup(cmd, args, opts = {}) {
  const child = spawn(cmd, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  alive.add(child);
  child.on('exit', () => alive.delete(child));
  let out = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  child.output = () => out;
  return child;
}

/** The bundled sample server as its own process (what a user runs with `npm run sample-server`). */
export async function startSampleServerProcess() {
  const port = await freePort();
  const child = spawnGroup(process.execPath, [join(ROOT, 'dist', 'sample-server.js'), '--port', String(port), '--host', '127.0.0.1'], { cwd: ROOT });
  await waitFor(`the sample server on port ${port}`, () => child.output().includes(String(port)) || child.exitCode !== null, 20_000);
  if (child.exitCode !== null) throw new Error(`sample server exited: ${child.output()}`);
  return { address: `127.0.0.1:${port}`, pid: child.pid, stop: () => killGroup(child) };
}

/**
 * Installs the .vsix into a fresh extensions dir and starts code-server with a fresh user-data-dir
 * (theme as asked; welcome page, telemetry, trust prompts and update checks off).
 */
export async function startCodeServer({ vsix, theme = 'Default Dark Modern', workspace, port: fixedPort }) {
  const base = mkdtempSync(join(tmpdir(), 'grpc-explorer-e2e-'));
  const ext = join(base, 'extensions');
  const user = join(base, 'user-data');
  const folder = workspace ?? join(base, 'workspace');
  mkdirSync(join(user, 'User'), { recursive: true });
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(user, 'User', 'settings.json'), JSON.stringify({
    'workbench.colorTheme': theme,
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'telemetry.telemetryLevel': 'off',
    'security.workspace.trust.enabled': false,
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'update.mode': 'none',
    'chat.commandCenter.enabled': false,
    'window.commandCenter': false,
    'git.enabled': false,
  }, null, 2));
  const config = join(base, 'config.yaml');
  writeFileSync(config, 'auth: none\ncert: false\n');
  const common = ['--config', config, '--extensions-dir', ext, '--user-data-dir', user];
  const install = spawnGroup(CODE_SERVER, [...common, '--install-extension', vsix], { env: { ...process.env, TMPDIR: base } });
  const code = await new Promise((r) => install.on('exit', r));
  if (code !== 0) throw new Error(`code-server --install-extension ${vsix} failed (${code}): ${install.output()}`);
  const port = fixedPort ?? (await freePort());
  const server = spawnGroup(CODE_SERVER, [
    ...common, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', '--disable-getting-started-override', folder,
  ], { env: { ...process.env, TMPDIR: base } });
  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}`;
  await waitFor(`code-server on port ${port}`, async () => {
    if (server.exitCode !== null) throw new Error(`code-server exited: ${server.output()}`);
    return (await fetch(`http://127.0.0.1:${port}/healthz`)).ok;
  }, 30_000, 300);
  return {
    url, base, user, folder, server,
    stop() {
      killGroup(server);
      setTimeout(() => rmSync(base, { recursive: true, force: true }), 2500).unref();
    },
  };
}

/** Finds the extension's log file (its LogOutputChannel) under the user-data-dir. */
export function extensionLog(user) {
  const found = [];
  const walk = (d) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (n.endsWith('gRPC Explorer.log')) found.push(p);
    }
  };
  if (existsSync(join(user, 'logs'))) walk(join(user, 'logs'));
  return found.map((f) => readFileSync(f, 'utf8')).join('\n');
}

export const BROWSER_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

/** Debian's Chromium through playwright-core, one page at 1440x900 with clipboard access. */
export async function openBrowser(url, { loadTimeoutMs = 120_000 } = {}) {
  const browser = await playwright().chromium.launch({ executablePath: '/usr/bin/chromium', args: BROWSER_ARGS });
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url).origin });
    const page = await context.newPage();
    // The workbench is one 11 MB script: on a busy machine its "load" event alone can take over 30 s
    // (seen at load 19). Wait for the document, then for the workbench itself, with room for that.
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: loadTimeoutMs });
    await page.waitForSelector('.monaco-workbench', { timeout: loadTimeoutMs });
    return { browser, page };
  } catch (e) {
    // The caller never gets the browser to close: an open one would keep the suite's process alive,
    // and a caller that tries again must not leave this window (and its extension host) behind.
    await browser.close().catch(() => undefined);
    throw e;
  }
}

export function resultsDir() {
  mkdirSync(RESULTS, { recursive: true });
  return RESULTS;
}
