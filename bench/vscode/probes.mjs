// What `npm run bench:vscode` measures inside code-server, apart from the stream itself: the extension
// host's memory (found among code-server's processes by /proc), the workbench's answer time (command
// palette, editor tabs), and a recorder inside the method panel's webview frame (requestAnimationFrame
// gaps, placeholder rows under Follow, the end of the call and when its last row shows).
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { dirname } from 'node:path';

/** Every process whose parent chain reaches `root`, with its command line. */
function descendants(root) {
  const procs = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      // Fields after the command name (which may hold spaces and parentheses): state ppid …
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmdline = readFileSync(`/proc/${d}/cmdline`, 'utf8').replace(/\0/g, ' ');
      procs.push({ pid: Number(d), ppid, cmdline });
    } catch {
      // gone meanwhile
    }
  }
  const mine = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of procs) {
      if (!mine.has(p.ppid) || mine.has(p.pid)) continue;
      mine.add(p.pid);
      grew = true;
    }
  }
  return procs.filter((p) => p.pid !== root && mine.has(p.pid));
}

/**
 * The pid of code-server's extension host (a Node process forked with `--type=extensionHost`); the
 * newest one when several are alive (each browser window that connected has its own).
 */
export function extensionHostPid(codeServerPid) {
  const all = descendants(codeServerPid);
  const hosts = all.filter((p) => /--type=extensionHost/.test(p.cmdline));
  if (!hosts.length)
    throw new Error(`no extension host among code-server's processes:\n${all.map((p) => `${p.pid} ${p.cmdline}`).join('\n')}`);
  return hosts.sort((a, b) => startTicks(b.pid) - startTicks(a.pid))[0].pid;
}

/** When `pid` started, in clock ticks since boot (/proc/PID/stat field 22). */
function startTicks(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
}

/** Spill folders (src/host/call/spill-store.ts) whose temp file process `pid` holds open now. */
export function openSpillDirs(pid) {
  const dirs = [];
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      if (/\/grpc-explorer-payloads-[^/]+\/payloads\.bin$/.test(target)) dirs.push(dirname(target));
    } catch {
      // closed meanwhile
    }
  }
  return dirs;
}

/** VmRSS of `pid` in MiB (/proc/PID/status). */
export function rssMiB(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS in /proc/${pid}/status (has the process exited?)`);
  return Number(m[1]) / 1024;
}

const QUICK_INPUT = '.quick-input-widget';

/** ms from pressing F1 until the command palette shows, plus Escape until it is gone again. */
export async function paletteRoundTrip(page) {
  // Keys typed while a webview has focus go to the webview: give the focus back to the workbench.
  await page.evaluate(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());
  const t0 = performance.now();
  await page.keyboard.press('F1');
  await page.waitForSelector(`${QUICK_INPUT} .quick-input-box input`, { state: 'visible', timeout: 60_000 });
  await page.keyboard.press('Escape');
  await page.waitForSelector(QUICK_INPUT, { state: 'hidden', timeout: 60_000 });
  return performance.now() - t0;
}

/** ms from clicking the tab of `name` until its editor is active and shows `content`. */
export async function switchTab(page, name, content) {
  const t0 = performance.now();
  await page.locator('.tabs-container .tab', { hasText: name }).first().click({ timeout: 60_000 });
  await page.waitForFunction(
    ([n, c]) => {
      const group = document.querySelector('.editor-group-container.active');
      const tab = group?.querySelector('.tab.active');
      return !!tab?.textContent?.includes(n) && !!group?.querySelector('.view-lines')?.textContent?.includes(c);
    },
    [name, content],
    { timeout: 60_000, polling: 'raf' },
  );
  return performance.now() - t0;
}

/**
 * Installed in the panel's webview frame before Send. Per animation frame: the gap since the last
 * one, whether a placeholder ("…") row is on screen while the call streams (the longest run of such
 * frames), the moment the state line says "ended", and the first frame after it that shows the last
 * row (position = the row count) as a real row. It also keeps the host's callEnded message (the
 * engine's received count and duration, the rate the headless run reports) and counts the host's
 * posts, and their bytes (as JSON) by type while the call runs. A string, not a function: nothing of this file's scope reaches the page.
 */
export const RECORDER = `(() => {
  const b = (window.__bench = { gaps: [], streamFrames: 0, placeholderFrames: 0, placeholderRun: 0, maxPlaceholderRun: 0,
    endedAt: 0, lastRowAt: 0, ended: null, posts: 0, progressPosts: 0, postBytes: {}, postCounts: {}, stop: false });
  window.addEventListener('message', (e) => {
    const m = e.data;
    if (!m || typeof m.type !== 'string') return;
    b.posts++;
    if (m.type === 'callProgress') b.progressPosts++;
    if (!b.endedAt) {
      b.postBytes[m.type] = (b.postBytes[m.type] ?? 0) + JSON.stringify(m).length;
      b.postCounts[m.type] = (b.postCounts[m.type] ?? 0) + 1;
    }
    if (m.type === 'callEnded') b.ended = { received: m.outcome.received, durationUs: m.outcome.durationUs, code: m.outcome.codeName };
  });
  let last = performance.now();
  // Rows outside the list's viewport (overscan) do not count: only what a person sees.
  const onScreen = (el) => {
    const list = document.querySelector('#timeline').getBoundingClientRect();
    const r = el.getBoundingClientRect();
    return r.bottom > list.top + 1 && r.top < list.bottom - 1;
  };
  const rowsTotal = () => Number((document.querySelector('#row-count')?.textContent ?? '').replace(/,/g, '').replace(/[^0-9].*$/, '')) || 0;
  const loop = (t) => {
    if (!b.endedAt) b.gaps.push(t - last); // frame gaps while the call runs
    last = t;
    const state = document.querySelector('#call-state')?.textContent ?? '';
    if (/streaming/.test(state)) {
      b.streamFrames++;
      const placeholder = [...document.querySelectorAll('#timeline .trow.loading:not(.hidden)')].some(onScreen);
      b.placeholderRun = placeholder ? b.placeholderRun + 1 : 0;
      if (placeholder) b.placeholderFrames++;
      b.maxPlaceholderRun = Math.max(b.maxPlaceholderRun, b.placeholderRun);
    }
    if (!b.endedAt && /^ended/.test(state)) b.endedAt = t;
    if (b.endedAt && !b.lastRowAt) {
      const total = rowsTotal();
      const row = total && document.querySelector('#timeline .trow[aria-posinset="' + total + '"]:not(.loading):not(.hidden)');
      if (row && onScreen(row)) b.lastRowAt = t;
    }
    if (!b.stop && !(b.endedAt && b.lastRowAt)) requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
})()`;

/** The frame gaps recorded so far become the idle baseline (the same machine, its load, no stream). */
export async function markIdle(frame) {
  await frame.evaluate(`(() => { const b = window.__bench; b.idleGaps = b.gaps.splice(0).slice(1); })()`);
}

const percentiles = (gaps) => {
  const sorted = [...gaps].sort((x, y) => x - y);
  return (p) => +(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN).toFixed(1);
};

/** Stops the recorder and returns its figures (frame gaps as percentiles). */
export async function collectRecorder(frame) {
  const b = await frame.evaluate(`(() => { window.__bench.stop = true; const b = window.__bench; return { ...b, gaps: b.gaps.slice(1) }; })()`);
  const sorted = [...b.gaps].sort((x, y) => x - y);
  const pct = percentiles(b.gaps);
  const idle = percentiles(b.idleGaps ?? []);
  return {
    idleFrames: b.idleGaps?.length ?? 0,
    idleGapP50: idle(50),
    idleGapP95: idle(95),
    frames: sorted.length,
    gapP50: pct(50),
    gapP95: pct(95),
    gapP99: pct(99),
    gapMax: +(sorted.at(-1) ?? NaN).toFixed(1),
    streamFrames: b.streamFrames,
    placeholderFrames: b.placeholderFrames,
    maxPlaceholderRun: b.maxPlaceholderRun,
    endToLastRowMs: b.endedAt && b.lastRowAt ? +(b.lastRowAt - b.endedAt).toFixed(0) : null,
    ended: b.ended,
    posts: b.posts,
    progressPosts: b.progressPosts,
    // What the host posted while the call ran, by message type: count and bytes as JSON.
    postsByType: Object.fromEntries(Object.keys(b.postCounts).map((t) => [t, { n: b.postCounts[t], bytes: b.postBytes[t] }])),
  };
}

export const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
};
