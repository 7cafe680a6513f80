// `npm run bench:vscode -- [COUNT] [--rounds R] [--payload BYTES] [--probe-every MS] [--cap-mib N] [--panel-first]
//   [--no-package] [--no-write] [--profile]`
// `--profile`: CPU profiles (--cpu-prof) of the extension host during the panel's stream and of the
// headless process, summarized by self time per function, and the CPU time each process used
// during the panel's stream (bench/vscode/cpu-profile.mjs).
// The method panel at scale where people use it: the packaged extension in code-server (the real
// workbench, the real webview message channel, an extension host shared with the workbench's own),
// driven through Chromium. A sample server process streams COUNT small messages
// (`Streams.Generate`, default 1,000,000) into an open method panel, and in the same run the
// headless core engine takes the same stream from the same server (rounds alternate the order).
// Measured: every message accounted for (counts, first and last seq, a message near the end reached
// by End and by search), panel ÷ headless ingest rate, webview frame gaps, placeholder rows under
// Follow, time from the end to the last row on screen, the workbench's answer time (command palette,
// editor tabs) idle vs during the stream, extension host RSS growth, spill files removed on close
// and on exit. Writes its own marked section of BENCHMARKS.md (one per COUNT).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { ROOT, openBrowser, resultsDir, startCodeServer, startSampleServerProcess, waitFor } from '../e2e/harness.mjs';
import { pickQuickInputRow, runCommand, treeRow, treeRows, typeInQuickInput, waitForExtension, waitForQuickInput } from '../e2e/workbench.mjs';
import { panelFrame, setRequest, text } from '../e2e/panel-steps.mjs';
import { cpuBetween, cpuTimes, monotonicUs, profilingEnv, readProfileIn, summarize, takeHostProfile } from '../bench/vscode/cpu-profile.mjs';
import { RECORDER, collectRecorder, extensionHostPid, markIdle, median, paletteRoundTrip, rssMiB, switchTab, openSpillDirs } from '../bench/vscode/probes.mjs';

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const COUNT = Number(args.find((a, i) => /^\d+$/.test(a) && !/^--/.test(args[i - 1] ?? '')) ?? 1_000_000);
const ROUNDS = Number(flag('--rounds', 1));
const PAYLOAD = Number(flag('--payload', 84));
const METHOD = 'explorer.sample.v1.Streams/Generate';
// One word each: Monaco draws spaces as no-break spaces, which a text match would have to allow for.
const FILES = { 'notes-a.txt': 'alpha_notes_for_the_tab_switch', 'notes-b.txt': 'beta_notes_for_the_tab_switch' };
// `--probe-every 0`: no palette or tab probes during the stream (the panel alone with the workbench).
const PROBE_EVERY_MS = Number(flag('--probe-every', 2000));
// `--cap-mib N`: grpcExplorer.payloadMemoryCapBytes for the whole run (default: the extension's 160 MiB),
// so that a shorter stream spills too. A setting written once code-server runs may not reach the
// extension host in time; this one is in settings.json from the start.
const CAP_MIB = flag('--cap-mib') === undefined ? undefined : Number(flag('--cap-mib'));
const PROFILE = args.includes('--profile');
/** The sample server's process, to name its share of the CPU. */
let samplePid = 0;
/** Where the extension host writes its profile (with --profile). */
let profDir;
const log = (...a) => console.log(`bench:vscode ${new Date().toISOString().slice(11, 19)}`, ...a);
const load = () => os.loadavg().map((l) => l.toFixed(1)).join(' ');
const round1 = (x) => +x.toFixed(1);

const { name, version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const vsix = join(ROOT, `${name}-${version}.vsix`);
if (!flag('--write-from') && (!args.includes('--no-package') || !existsSync(vsix))) {
  if (spawnSync('npm', ['run', 'package'], { cwd: ROOT, stdio: 'inherit' }).status !== 0) process.exit(1);
}

/** The headless core on the same stream, in its own Node process (as the extension host is). */
function headless(address) {
  const profDir = PROFILE ? mkdtempSync(join(os.tmpdir(), 'grpc-explorer-headless-prof-')) : undefined;
  const prof = profDir ? ['--cpu-prof', '--cpu-prof-interval', '1000', '--cpu-prof-dir', profDir] : [];
  const r = spawnSync(process.execPath, [...prof, '--import', 'tsx', 'bench/vscode/headless-stream.ts', address, String(COUNT), String(PAYLOAD)], {
    cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20,
  });
  if (r.status !== 0) throw new Error(`headless run failed (exit ${r.status})`);
  const out = JSON.parse(r.stdout.trim().split('\n').at(-1));
  if (profDir) {
    const profile = readProfileIn(profDir);
    writeFileSync(join(resultsDir(), `bench-vscode-${COUNT}-headless-${Date.now()}.cpuprofile`), JSON.stringify(profile));
    out.profile = summarize(profile);
    rmSync(profDir, { recursive: true, force: true });
  }
  return out;
}

/**
 * The JavaScript profile of the renderer that draws the webview: its own process when Chromium
 * isolates the webview's frame, else the workbench's page, whose main thread the webview then shares.
 */
async function rendererProfiler(page, frame) {
  let session;
  let of = 'the webview frame\'s';
  try {
    session = await page.context().newCDPSession(frame);
  } catch {
    session = await page.context().newCDPSession(page);
    of = 'the workbench page\'s (the webview shares it)';
  }
  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', { interval: 1000 });
  await session.send('Profiler.start');
  return {
    async stop() {
      const { profile } = await session.send('Profiler.stop');
      await session.detach().catch(() => undefined);
      return { of, ...summarize(profile, 15) };
    },
  };
}

/** Names a process's share of the CPU by the process it belongs to. */
function cpuLabeler(hostPid, codeServerPid) {
  return (pid, cmd, ancestors) => {
    if (ancestors.includes(hostPid)) return 'extension host';
    if (ancestors.includes(samplePid)) return 'sample server';
    if (ancestors.includes(codeServerPid)) return 'code-server (server process, its helpers)';
    if (ancestors.includes(process.pid))
      return /chrom/i.test(cmd) ? `Chromium ${/--type=([a-z-]+)/.exec(cmd)?.[1] ?? 'browser'}` : 'the bench driver (Playwright)';
    return 'other processes on the machine';
  };
}

const spillBytes = (dirs) => dirs.reduce((t, d) => t + (statSync(join(d, 'payloads.bin'), { throwIfNoEntry: false })?.size ?? 0), 0);

/** Connects the workbench to `address` (plaintext) and opens Streams › Generate in the panel. */
async function openGenerate(page, address, connect = true) {
  const tree = page.locator('[id="workbench.view.extension.grpcExplorer"]');
  if (!(await tree.isVisible())) await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
  if (connect) await connectTo(page, address);
  await waitFor('the Streams service in the tree', async () => (await treeRows(page)).some((r) => r.includes('Streams')));
  if (!(await treeRow(page, 'Generate').isVisible())) await treeRow(page, 'Streams').click();
  await treeRow(page, 'Generate').click();
  return panelFrame(page, METHOD);
}

async function connectTo(page, address) {
  await runCommand(page, 'gRPC: Connect');
  await waitForQuickInput(page, 'gRPC: Connect');
  await typeInQuickInput(page, address);
  await pickQuickInputRow(page, `Connect to ${address}`);
  await waitForQuickInput(page, 'transport');
  await pickQuickInputRow(page, 'Plaintext');
  await waitForQuickInput(page, 'metadata');
  await page.keyboard.press('Enter');
}

/** Opens a workspace file by Quick Open (the palette without its `>`). */
async function openFile(page, file) {
  await page.evaluate(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());
  await page.keyboard.press('F1');
  await page.fill('.quick-input-widget .quick-input-box input', file);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: file }).first().waitFor({ state: 'visible', timeout: 20_000 });
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab', { hasText: file }).first().waitFor({ timeout: 20_000 });
}

/** Palette round trips and tab switches, `n` of each, alternating (idle figures). */
async function probeIdle(page, n) {
  const palette = [];
  const tabs = [];
  const names = Object.keys(FILES);
  for (let i = 0; i < n; i++) {
    palette.push(await paletteRoundTrip(page));
    const f = names[(i + 1) % 2];
    tabs.push(await switchTab(page, f, FILES[f]));
  }
  return { palette, tabs };
}

/** Selects the first (or last) received row on screen and returns the message's seq, from its JSON. */
async function seqOfVisibleReceived(frame, which) {
  const rows = frame.locator('#timeline .trow.k-received:not(.hidden)');
  await rows.first().waitFor({ timeout: 30_000 });
  const row = which === 'first' ? rows.first() : rows.last();
  await row.dispatchEvent('click'); // the narrow timeline may have scrolled the row's start out of sight
  const json = await waitFor(`the ${which} message's JSON`, async () => {
    const t = await text(frame, '#message');
    return /"seq"/.test(t) && t;
  }, 30_000);
  return JSON.parse(json).seq;
}

async function panelRound(page, cs, frame, round) {
  const hostPid = extensionHostPid(cs.server.pid);
  const idle = await probeIdle(page, 5);
  const rssIdle = rssMiB(hostPid);
  // Spill folders are found by the temp files the extension host holds open: other tests on this
  // machine make spill folders in /tmp too.
  const spilled = new Set();
  await frame.evaluate(RECORDER);
  await new Promise((r) => setTimeout(r, 3000));
  await markIdle(frame); // 3 s of frames without a stream: what the machine's load alone does to them
  log(`round ${round}: panel, ${COUNT.toLocaleString('en-US')} messages; load ${load()}`);
  const renderer = PROFILE ? await rendererProfiler(page, frame) : undefined;
  let hostProfile;
  const cpuBefore = cpuTimes();
  const streamUs = [monotonicUs()];
  await frame.click('#send');
  // While the stream runs: one palette round trip and one tab switch every PROBE_EVERY_MS, RSS sampled.
  const busy = { palette: [], tabs: [] };
  let rssPeak = rssIdle;
  let spillPeak = 0;
  const names = Object.keys(FILES);
  const t0 = Date.now();
  let lastLog = t0;
  for (let i = 0; !(await text(frame, '#call-state')).startsWith('ended'); i++) {
    rssPeak = Math.max(rssPeak, rssMiB(hostPid));
    openSpillDirs(hostPid).forEach((d) => spilled.add(d));
    spillPeak = Math.max(spillPeak, spillBytes([...spilled]));
    const started = Date.now();
    if (PROBE_EVERY_MS > 0 && /streaming/.test(await text(frame, '#call-state'))) {
      busy.palette.push(await paletteRoundTrip(page));
      const f = names[i % 2];
      busy.tabs.push(await switchTab(page, f, FILES[f]));
    }
    if (Date.now() - lastLog > 30_000) {
      lastLog = Date.now();
      log(`  ${await text(frame, '#counts')} after ${((lastLog - t0) / 1000).toFixed(0)} s, host RSS ${rssPeak.toFixed(0)} MiB peak, load ${load()}`);
    }
    await new Promise((r) => setTimeout(r, Math.max(0, (PROBE_EVERY_MS || 2000) - (Date.now() - started))));
  }
  streamUs.push(monotonicUs());
  const cpu = cpuBetween(cpuBefore, cpuTimes(), cpuLabeler(hostPid, cs.server.pid));
  log(`round ${round}: CPU ms used during the stream, by process: ${JSON.stringify(cpu)}`);
  if (profDir) {
    const p = await takeHostProfile(hostPid, profDir).catch((e) => log(`no profile of the extension host: ${e.message}`));
    if (p) {
      writeFileSync(join(resultsDir(), `bench-vscode-${COUNT}-host-round${round}.cpuprofile`), JSON.stringify(p));
      hostProfile = summarize(p, 25, ...streamUs);
      log(`round ${round}: extension host during the stream, by origin: ${JSON.stringify(hostProfile.byOrigin)}`);
      log(`round ${round}: extension host during the stream, by function: ${JSON.stringify(hostProfile.byFunction.slice(0, 12))}`);
    }
  }
  const rendererProfile = renderer && (await renderer.stop().catch((e) => log(`renderer profile: ${e.message}`)));
  if (rendererProfile) log(`round ${round}: ${rendererProfile.of} renderer during the stream, by function: ${JSON.stringify(rendererProfile.byFunction.slice(0, 8))}`);
  await waitFor('the last row on screen', () => frame.evaluate('!!window.__bench.lastRowAt'), 120_000, 100);
  const rec = await collectRecorder(frame);
  const rssEnd = rssMiB(hostPid);
  log(`round ${round}: ended ${JSON.stringify(rec.ended)}; host RSS ${rssIdle.toFixed(0)} → ${rssEnd.toFixed(0)} MiB`);

  const result = {
    round, hostPid, load: load(),
    received: rec.ended?.received, panelPerSec: rec.ended ? rec.ended.received / (rec.ended.durationUs / 1e6) : NaN,
    seconds: rec.ended ? rec.ended.durationUs / 1e6 : NaN, code: rec.ended?.code,
    frames: rec,
    idle: { paletteMs: round1(median(idle.palette)), tabMs: round1(median(idle.tabs)), n: idle.palette.length },
    busy: { paletteMs: round1(median(busy.palette)), paletteMaxMs: round1(Math.max(...busy.palette)), tabMs: round1(median(busy.tabs)), tabMaxMs: round1(Math.max(...busy.tabs)), n: busy.palette.length },
    rss: { idleMiB: round1(rssIdle), peakMiB: round1(Math.max(rssPeak, rssEnd)), endMiB: round1(rssEnd) },
    errors: [],
    cpu, streamUs, hostProfile, rendererProfile,
  };
  // A step that fails is recorded (with a screenshot), and the round goes on: the stream's figures stay.
  const step = async (name, fn) => {
    try {
      log(`round ${round}: ${name}`);
      await fn();
    } catch (e) {
      result.errors.push(`${name}: ${e.message.split('\n')[0]}`);
      log(`round ${round}: ${name} FAILED: ${e.message.split('\n')[0]}; row count "${await text(frame, '#row-count').catch(() => '?')}"`);
      await page.screenshot({ path: join(resultsDir(), `bench-vscode-FAILED-${name.replace(/\W+/g, '-')}.png`) }).catch(() => undefined);
    }
  };

  // Accounted for: the counts, the rows, the first message (Home) and the last (End).
  await step('the first and last messages', async () => {
    result.counts = await text(frame, '#counts');
    result.rowCount = await text(frame, '#row-count');
    await frame.locator('#timeline').focus();
    await frame.locator('#timeline').press('Home');
    result.firstSeq = await seqOfVisibleReceived(frame, 'first');
    const tEnd = performance.now();
    await frame.locator('#timeline').focus();
    await frame.locator('#timeline').press('End');
    const total = Number(result.rowCount.replace(/[^0-9]/g, ''));
    await frame.waitForSelector(`#timeline .trow[aria-posinset="${total}"]:not(.loading):not(.hidden)`, { timeout: 60_000 });
    result.endKeyMs = round1(performance.now() - tEnd);
    result.lastSeq = await seqOfVisibleReceived(frame, 'last');
  });

  // Search for a message near the end by its number (what a person would type), from typing to
  // the first match on screen, to that message on screen, to the search finished.
  const target = String(Math.max(1, COUNT - 1000));
  const search = (result.search = { target, found: false });
  const patience = { timeout: Math.max(120_000, COUNT / 20), polling: 'raf' };
  await step(`search for ${target}`, async () => {
    const tSearch = performance.now();
    await frame.locator('#search input').fill(target);
    // A row's preview may shorten the JSON (field names the preview model learnt); its title holds it whole.
    await frame.waitForFunction((n) => [...document.querySelectorAll('#timeline .trow:not(.loading):not(.hidden) .c-preview')].some((e) => e.getAttribute('title')?.includes(n)), target, patience);
    search.firstMatchMs = round1(performance.now() - tSearch);
    await frame.waitForFunction((n) => [...document.querySelectorAll('#timeline .trow:not(.loading):not(.hidden) .c-preview')].some((e) => e.getAttribute('title')?.includes(`"seq":"${n}"`)), target, patience);
    search.targetShownMs = round1(performance.now() - tSearch);
    await frame.waitForFunction(() => !/searching/.test(document.querySelector('#row-count')?.textContent ?? ''), undefined, patience);
    search.searchDoneMs = round1(performance.now() - tSearch);
    search.matches = await text(frame, '#row-count');
    await frame.locator(`#timeline .trow:not(.hidden):not(.loading):has(.c-preview[title*='"seq":"${target}"'])`).first().dispatchEvent('click');
    const shown = await waitFor('the found message', async () => {
      const t = await text(frame, '#message');
      return t.includes(`"seq": "${target}"`) && t;
    }, 30_000);
    search.found = shown.includes(`"seq": "${target}"`);
    result.rss.afterSearchMiB = round1(rssMiB(hostPid));
    log(`round ${round}: search done in ${search.searchDoneMs} ms (${search.matches})`);
  });
  await frame.locator('#search input').fill('').catch(() => undefined);

  // Close the panel: its spill folder must go with it.
  openSpillDirs(hostPid).forEach((d) => spilled.add(d));
  const mine = [...spilled];
  result.spill = { at: mine, dirs: mine.length, peakMiB: round1(spillPeak / 2 ** 20), removedOnClose: null };
  await step('close the panel', async () => {
    await page.locator('.tabs-container .tab', { hasText: 'Generate' }).first().click();
    await runCommand(page, 'View: Close Editor');
    const removed = await waitFor('the spill folder removed', () => mine.every((d) => !existsSync(d)), 10_000).catch(() => false);
    if (mine.length) result.spill.removedOnClose = removed;
  });
  return result;
}

/**
 * "…or VS Code exits": a short stream with the smallest payload cap (1 MiB, so it spills), then
 * code-server is stopped with the panel open; its spill folder must be gone.
 */
async function spillOnExit(cs, page, address) {
  if (!(CAP_MIB <= 8)) {
    const settings = join(cs.user, 'User', 'settings.json');
    writeFileSync(settings, JSON.stringify({ ...JSON.parse(readFileSync(settings, 'utf8')), 'grpcExplorer.payloadMemoryCapBytes': 1048576 }, null, 2));
    await new Promise((r) => setTimeout(r, 5000)); // the settings file is watched; give the change time to arrive
  }
  const hostPid = extensionHostPid(cs.server.pid);
  const frame = await openGenerate(page, address, false);
  await setRequest(page, frame, JSON.stringify({ count: 100_000, payloadSize: PAYLOAD }));
  await frame.click('#send');
  await waitFor('the short stream to end', async () => (await text(frame, '#call-state')).startsWith('ended'), 120_000);
  const dirs = openSpillDirs(hostPid);
  const spilledMiB = round1(spillBytes(dirs) / 2 ** 20);
  cs.stop();
  const removed = await waitFor('the spill folder removed on exit', () => dirs.every((d) => !existsSync(d)), 15_000).then(() => true, () => false);
  return { dirs: dirs.length, spilledMiB, removedOnExit: dirs.length ? removed : null };
}

/** openBrowser with 2 minutes for the workbench's first load (a machine at load 20 needs more than 30 s), tried again. */
async function openBrowserPatiently(url) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await openBrowser(url, { loadTimeoutMs: 120_000 });
    } catch (e) {
      if (attempt === 3) throw e;
      log(`the workbench did not load (${e.message.split('\n')[0]}); trying again, load ${load()}`);
    }
  }
}

async function main() {
  log(`${COUNT.toLocaleString('en-US')} messages of ${PAYLOAD} payload bytes, ${ROUNDS} round(s); nproc ${os.cpus().length}; load ${load()}`);
  const loadStart = load();
  const startedAt = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const sample = await startSampleServerProcess();
  samplePid = sample.pid;
  // Profiles: the extension host profiles itself and writes what it has when asked (SIGUSR2).
  profDir = PROFILE ? mkdtempSync(join(os.tmpdir(), 'grpc-explorer-vscode-prof-')) : undefined;
  const saved = { ...process.env };
  if (profDir) Object.assign(process.env, profilingEnv(profDir));
  const cs = await startCodeServer({ vsix });
  if (profDir) for (const k of Object.keys(profilingEnv(''))) if (saved[k] === undefined) delete process.env[k]; else process.env[k] = saved[k];
  // No preview tabs: the two files stay open side by side for the tab switches.
  const settings = join(cs.user, 'User', 'settings.json');
  writeFileSync(settings, JSON.stringify({ ...JSON.parse(readFileSync(settings, 'utf8')), 'workbench.editor.enablePreview': false, 'workbench.editor.enablePreviewFromQuickOpen': false, ...(CAP_MIB ? { 'grpcExplorer.payloadMemoryCapBytes': CAP_MIB * 2 ** 20 } : {}) }, null, 2));
  for (const [f, content] of Object.entries(FILES)) writeFileSync(join(cs.folder, f), `${content}\n`);
  const { browser, page } = await openBrowserPatiently(cs.url);
  const rounds = [];
  const headlessRuns = [];
  let exit;
  // Saved after every step: a run cut short still leaves what it measured.
  const save = () =>
    writeFileSync(join(resultsDir(), `bench-vscode-${COUNT}.json`), JSON.stringify({ at: startedAt, probeEveryMs: PROBE_EVERY_MS, count: COUNT, payload: PAYLOAD, nproc: os.cpus().length, cpu: os.cpus()[0]?.model, loadStart, loadEnd: load(), rounds, headless: headlessRuns }, null, 2));
  const headlessRound = (r) => {
    headlessRuns.push({ round: r, load: load(), ...headless(sample.address) });
    log('headless', JSON.stringify(headlessRuns.at(-1)));
  };
  try {
    await waitForExtension(page);
    for (const f of Object.keys(FILES)) await openFile(page, f);
    for (let r = 1; r <= ROUNDS; r++) {
      // Odd rounds: headless first; even rounds: the panel first (a slow stretch hits both alike).
      // `--panel-first` swaps them (a long run that may not finish keeps the panel's figures).
      const headlessFirst = (r % 2 === 1) !== args.includes('--panel-first');
      if (headlessFirst) headlessRound(r);
      // The last round closed its panel, leaving an empty group: start again from the files alone.
      if (r > 1) {
        await runCommand(page, 'View: Close All Editor Groups');
        for (const f of Object.keys(FILES)) await openFile(page, f);
      }
      // The panel opens in the files' group, then moves to a group of its own so that it stays
      // visible (a hidden webview is torn down) while the files' tabs are switched.
      let frame = await openGenerate(page, sample.address, r === 1);
      await runCommand(page, 'View: Move Editor into Next Group');
      await runCommand(page, 'View: Close Primary Side Bar'); // room for the panel's timeline
      frame = await panelFrame(page, METHOD);
      await setRequest(page, frame, JSON.stringify({ count: COUNT, payloadSize: PAYLOAD }));
      rounds.push(await panelRound(page, cs, frame, r));
      log('panel', JSON.stringify(rounds.at(-1)));
      save();
      if (!headlessFirst) headlessRound(r);
      save();
    }
    exit = await spillOnExit(cs, page, sample.address).catch((e) => ({ error: e.message.split('\n')[0] }));
    log('spill on exit', JSON.stringify(exit));
  } catch (e) {
    await page.screenshot({ path: join(resultsDir(), 'bench-vscode-FAILED.png') }).catch(() => undefined);
    throw e;
  } finally {
    await browser.close().catch(() => undefined);
    cs.stop();
    sample.stop();
  }
  if (profDir) rmSync(profDir, { recursive: true, force: true });
  const result = { at: startedAt, probeEveryMs: PROBE_EVERY_MS, capMiB: CAP_MIB, count: COUNT, payload: PAYLOAD, nproc: os.cpus().length, cpu: os.cpus()[0]?.model, loadStart, loadEnd: load(), rounds, headless: headlessRuns, exit };
  console.log(JSON.stringify(result));
  writeFileSync(join(resultsDir(), `bench-vscode-${COUNT}.json`), JSON.stringify(result, null, 2));
  if (!args.includes('--no-write')) writeSection(result);
}

const fmt = (n) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '—');
const verdict = (ok) => (ok ? 'met' : '**missed**');

/** Rewrites this COUNT's marked section of BENCHMARKS.md with the run's figures. */
function writeSection(r) {
  const quiet = r.probeEveryMs === 0;
  const key = `${r.count}${quiet ? ' --probe-every 0' : ''}`;
  const begin = `<!-- npm run bench:vscode ${key}: begin -->`;
  const end = `<!-- npm run bench:vscode ${key}: end -->`;
  const n = fmt(r.count);
  const paired = r.rounds.map((p) => ({ p, h: r.headless.find((h) => h.round === p.round) }));
  const ratios = paired.map(({ p, h }) => p.panelPerSec / h.perSec);
  const ratio = median(ratios);
  const worst = (f) => r.rounds.map(f).reduce((a, b) => Math.max(a, b), -Infinity);
  const all = (f) => r.rounds.every(f);
  const growth = worst((p) => p.rss.peakMiB - p.rss.idleMiB);
  const growthSearch = worst((p) => p.rss.afterSearchMiB - p.rss.idleMiB);
  const p95 = worst((p) => p.frames.gapP95);
  const lastRow = worst((p) => p.frames.endToLastRowMs ?? Infinity);
  const run = worst((p) => p.frames.maxPlaceholderRun);
  const counted = all((p) => p.received === r.count && p.counts.endsWith(`received ${n}`) && p.rowCount === `${fmt(r.count + 6)} rows` && p.firstSeq === '1' && p.lastSeq === String(r.count));
  const found = all((p) => p.search.found);
  const accounted = counted && found;
  // A search step that timed out leaves its figures unset: say so rather than print "undefined".
  const ms = (v) => (v === undefined || v === null ? 'not reached' : v);
  const spilled = r.rounds.some((p) => p.spill.dirs > 0);
  const first = r.rounds[0];
  const rows = r.rounds.map((p, i) => {
    const h = paired[i].h;
    return `| ${p.round} | ${p.load}; ${h.load} | ${fmt(h.perSec)} | ${fmt(p.panelPerSec)} | ${ratios[i].toFixed(3)} | ${p.frames.idleGapP95} → ${p.frames.gapP95} (${p.frames.frames}) | ${p.frames.maxPlaceholderRun} / ${p.frames.placeholderFrames} of ${p.frames.streamFrames} | ${p.frames.endToLastRowMs} | ${p.idle.paletteMs} → ${p.busy.paletteMs} (max ${p.busy.paletteMaxMs}) | ${p.idle.tabMs} → ${p.busy.tabMs} (max ${p.busy.tabMaxMs}) | ${fmt(p.rss.idleMiB)} → ${fmt(p.rss.peakMiB)} / ${fmt(p.rss.afterSearchMiB)} | ${ms(p.search.firstMatchMs)} / ${ms(p.search.targetShownMs)} / ${ms(p.search.searchDoneMs)} (${p.search.matches ?? '?'}) | ${p.spill.dirs ? `${p.spill.peakMiB} MiB, ${p.spill.removedOnClose ? 'removed' : '**left**'}` : 'none'} |`;
  });
  const section = `${begin}
### ${n} messages${quiet ? ', nobody using the workbench meanwhile' : ''} (\`npm run bench:vscode -- ${key}\`)

Run on ${r.at}: ${r.cpu}, ${r.nproc} cores (\`nproc\`), Node ${process.version}; load average
(1, 5, 15 min) ${r.loadStart} at the start, ${r.loadEnd} at the end. \`Streams.Generate\` of ${n} messages
(${r.payload}-byte payload, ~${r.payload + 21} bytes on the wire each), ${r.rounds.length} round(s); ${quiet ? 'no palette or tab probes during the stream' : `a palette and a tab probe every ${(r.probeEveryMs ?? 2000) / 1000} s of the stream`}.

| Figure | Value | Target | |
|---|---|---|---|
| Every message accounted for: received ${n}, ${fmt(r.count + 6)} rows, first seq 1 (Home), last seq ${n} (End), message ${fmt(Number(first.search.target))} found by search and its JSON shown | ${counted ? 'yes' : '**no**'}${found ? '' : '; the search **did not reach** that message within its step\'s time limit'} | all | ${verdict(accounted)} |
| Ingest, panel ÷ headless core (median of the rounds: ${ratios.map((x) => x.toFixed(3)).join(', ')}) | **${ratio.toFixed(3)}** | ≥ 0.8 | ${verdict(ratio >= 0.8)} |
| Webview frame gaps during the stream, p95 (worst round; p50 ${first.frames.gapP50}, p99 ${first.frames.gapP99}, max ${first.frames.gapMax} ms in round 1; idle, the 3 s before Send: p50 ${first.frames.idleGapP50}, p95 ${first.frames.idleGapP95} ms) | **${p95} ms** | < 50 ms | ${verdict(p95 < 50)} |
| Placeholder rows under Follow: longest run of frames with a "…" row on screen | **${run} frames** | a few | ${verdict(run <= 5)} |
| Last row on screen after the end (from the state line saying "ended") | **${lastRow} ms** | ≤ 500 ms | ${verdict(lastRow <= 500)} |${quiet ? '' : `
| Command palette (F1, shown, Escape, gone), median idle → during the stream | **${first.idle.paletteMs} → ${first.busy.paletteMs} ms** (max ${first.busy.paletteMaxMs}) | answers, each < 5 s | ${verdict(worst((p) => p.busy.paletteMaxMs) < 5000)} |
| Editor tab switch (click → the other file shown), median idle → during the stream | **${first.idle.tabMs} → ${first.busy.tabMs} ms** (max ${first.busy.tabMaxMs}) | answers, each < 5 s | ${verdict(worst((p) => p.busy.tabMaxMs) < 5000)} |`}
| Extension host RSS growth, idle → peak of the stream (after the search: ${fmt(growthSearch)} MiB) | **${fmt(growth)} MiB** | ≤ 300 MB | ${verdict(growth * 1.048576 <= 300)} |
| Search for message ${fmt(Number(first.search.target))} by its number: typed → first match shown / that message shown / search done (debounce of 250 ms included) | **${ms(first.search.firstMatchMs)} / ${ms(first.search.targetShownMs)} / ${ms(first.search.searchDoneMs)} ms** | ~1 s at 1M, seconds at 10M | |
| Spill files (past the ${r.capMiB ? `${r.capMiB} MiB payload cap set for this run` : '160 MiB memory budget'}) removed when the panel closes | ${spilled ? (all((p) => p.spill.removedOnClose !== false) ? 'yes' : '**no**') : 'nothing spilled'} | removed | ${spilled ? verdict(all((p) => p.spill.removedOnClose !== false)) : '—'} |
| Spill files removed when VS Code exits (100,000 messages with a ${r.capMiB <= 8 ? r.capMiB : 1} MiB cap, code-server stopped with the panel open; ${r.exit?.spilledMiB ?? '?'} MiB spilled) | ${r.exit?.dirs ? (r.exit.removedOnExit ? 'yes' : '**no**') : 'not measured: nothing spilled (the cap setting had not reached the extension)'} | removed | ${r.exit?.dirs ? verdict(!!r.exit.removedOnExit) : '—'} |

| Round | Load (panel; headless) | Headless msgs/s | Panel msgs/s | Ratio | Frame gap p95 ms idle → stream (frames) | Placeholder: longest run / frames with one / stream frames | End → last row ms | F1 ms idle → busy | Tab ms idle → busy | Host RSS MiB idle → peak / after search | Search ms first / target / done (rows) | Spill |
|---|---|---|---|---|---|---|---|---|---|---|---|---|
${rows.join('\n')}
${r.rounds.flatMap((p) => (p.errors ?? []).map((e) => `\nRound ${p.round}, failed step: ${e}`)).join('')}
${end}`;
  const path = join(ROOT, 'BENCHMARKS.md');
  const text = readFileSync(path, 'utf8');
  const a = text.indexOf(begin);
  const b = text.indexOf(end);
  const anchor = '<!-- npm run bench:vscode: figures -->';
  const next =
    a >= 0 && b > a
      ? text.slice(0, a) + section + text.slice(b + end.length)
      : text.includes(anchor)
        ? text.replace(anchor, `${anchor}\n\n${section}`)
        : `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(path, next);
  console.log(section);
}

// `--write-from e2e-results/bench-vscode-N.json`: the section again from a saved run, without running.
const saved = flag('--write-from');
(saved ? Promise.resolve(writeSection(JSON.parse(readFileSync(saved, 'utf8')))) : main()).then(
  () => process.exit(0),
  (e) => (console.error(e), process.exit(1)),
);
