// CPU profiles for `npm run bench:vscode -- --profile`. The extension host profiles itself through a
// preloaded script (profile-preload.mjs, given to code-server in NODE_OPTIONS) and writes what it has
// on SIGUSR2; the profile is cut to the stream's window (its clock is CLOCK_MONOTONIC, as
// `process.hrtime` is) and summarized by self time per function, the table BENCHMARKS.md quotes.
// Also the CPU time each process used over a stretch (from /proc), to see which process of the
// workbench took the cores.
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, basename } from 'node:path';

/** Now on the profiles' clock (CLOCK_MONOTONIC), µs. */
export const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

const PRELOAD = new URL('./profile-preload.mjs', import.meta.url).href;

/** The environment that makes an extension host started with it profile itself (see profile-preload.mjs). */
export const profilingEnv = (dir) => ({ NODE_OPTIONS: `--import ${PRELOAD}`, GRPC_EXPLORER_PROFILE_DIR: dir });

/** Asks extension host `pid` for its profile so far and reads it from `dir`. */
export async function takeHostProfile(pid, dir) {
  const file = join(dir, `host-${pid}.cpuprofile`);
  rmSync(file, { force: true });
  process.kill(pid, 'SIGUSR2');
  for (const until = Date.now() + 60_000; Date.now() < until; await new Promise((r) => setTimeout(r, 250)))
    if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  throw new Error(`extension host ${pid} wrote no profile into ${dir} within 60 s`);
}

/**
 * Self time by function (name, file, line) and by where the code comes from, in ms and %, over the
 * samples taken between `fromUs` and `toUs` (monotonic µs; the whole profile by default).
 */
export function summarize(profile, top = 25, fromUs = -Infinity, toUs = Infinity) {
  const self = new Map();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const deltas = profile.timeDeltas ?? [];
  let total = 0;
  let t = profile.startTime;
  profile.samples.forEach((id, k) => {
    t += deltas[k] ?? 0;
    if (t < fromUs || t > toUs) return;
    const us = deltas[k + 1] ?? 0; // a sample's time is the delta to the next one
    total += us;
    self.set(id, (self.get(id) ?? 0) + us);
  });
  const fns = new Map();
  const origins = new Map();
  for (const [id, us] of self) {
    const { functionName, url, lineNumber } = byId.get(id).callFrame;
    const file = url ? basename(url) : '';
    const key = `${functionName || '(anonymous)'} ${file}${file ? `:${lineNumber + 1}` : ''}`.trim();
    fns.set(key, (fns.get(key) ?? 0) + us);
    const origin = originOf(functionName, url);
    origins.set(origin, (origins.get(origin) ?? 0) + us);
  }
  const rows = (m) =>
    [...m].sort((a, b) => b[1] - a[1]).map(([name, us]) => ({ name, ms: Math.round(us / 1000), pct: +((100 * us) / total).toFixed(1) }));
  return { totalMs: Math.round(total / 1000), byOrigin: rows(origins), byFunction: rows(fns).slice(0, top) };
}

/** The profile's code by origin: GC and idle, Node's own, grpc-js, protobufjs, ours, VS Code's. */
function originOf(name, url) {
  if (!url) return name.startsWith('(') ? name : '(native)';
  if (/grpc-js/.test(url)) return 'grpc-js';
  if (/protobufjs|protobuf/.test(url)) return 'protobufjs';
  if (/^node:|^internal\//.test(url)) return 'node (streams, http2, timers)';
  if (/extension-heavy|extension\.js|grpc-explorer|[\\/]src[\\/]/.test(url)) return 'gRPC Explorer';
  if (/vscode|vs[\\/]/.test(url)) return 'VS Code (extension host)';
  return 'other';
}

/**
 * The main thread's .cpuprofile written by `node --cpu-prof` into `dir`: the one with the least idle
 * time (a loader's worker thread, tsx's, writes one too and idles through the run).
 */
export function readProfileIn(dir) {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  if (!files.length) throw new Error(`no .cpuprofile in ${dir}`);
  const busy = (p) => {
    const idle = new Set(p.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
    return p.samples.filter((id) => !idle.has(id)).length;
  };
  return files.map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8'))).sort((a, b) => busy(b) - busy(a))[0];
}

/** CPU time (user + system, ms) of every process now, by pid, with its command line. */
export function cpuTimes() {
  const tick = 1000 / 100; // USER_HZ is 100 on Linux
  const out = new Map();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      out.set(Number(pid), { ms: (Number(f[11]) + Number(f[12])) * tick, ppid: Number(f[1]), cmd });
    } catch {
      // The process ended meanwhile.
    }
  }
  return out;
}

/**
 * CPU used between two `cpuTimes()` snapshots, summed by `label(pid, cmd, ancestors)` (ancestors:
 * the pid itself, its parent, … up to init), largest first.
 */
export function cpuBetween(before, after, label) {
  const ancestors = (pid) => {
    const chain = [];
    for (let p = pid; p > 1 && chain.length < 30; p = after.get(p)?.ppid ?? before.get(p)?.ppid ?? 0) chain.push(p);
    return chain;
  };
  const used = new Map();
  for (const [pid, a] of after) {
    const ms = a.ms - (before.get(pid)?.ms ?? 0);
    if (ms <= 0) continue;
    const name = label(pid, a.cmd, ancestors(pid));
    used.set(name, (used.get(name) ?? 0) + ms);
  }
  return Object.fromEntries([...used].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, Math.round(v)]));
}
