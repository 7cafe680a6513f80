/**
 * Measures the method panel under a long fast stream, for BENCHMARKS.md:
 *   node --expose-gc --import tsx bench/panel/frame-bench.ts [count=1000000] [payloadSize=84] [reps=1]
 * (after `npm run build` and `npm run setup:e2e`).
 *
 * The sample server runs in its own process. The same Streams.Generate call is
 * received (1) by the headless core alone (startCall, recording kept) and (2)
 * through the panel: the real host side (CallSession: spilling payload store,
 * coalesced progress, rows on request) driving the real webview in Chromium
 * (dev harness). Reported: messages/s of both and their ratio, the webview's
 * requestAnimationFrame gaps during the stream (p50/p95/p99/max), and the
 * host process's memory after the stream (RSS, heap, array buffers).
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startCall } from '../../src/core/call/engine';
import { Connection } from '../../src/core/connection';
import { codecFor } from '../../src/core/json/codec';
import { loadSchema } from '../../src/core/schema/discover';
import type { CallEndedMessage } from '../../src/shared/protocol';
import { openHarness } from './harness';

const ROOT = resolve(__dirname, '../..');
const count = Number(process.argv[2] ?? 1_000_000);
const payloadSize = Number(process.argv[3] ?? 84); // Item{seq, payload, server_send_unix_micros} ≈ 100 bytes on the wire
const reps = Number(process.argv[4] ?? 1);
const METHOD = 'explorer.sample.v1.Streams/Generate';
const request = JSON.stringify({ count, payloadSize });
const MiB = 1024 * 1024;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function memory() {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return {
    rssMiB: +(m.rss / MiB).toFixed(1),
    heapUsedMiB: +(m.heapUsed / MiB).toFixed(1),
    arrayBuffersMiB: +(m.arrayBuffers / MiB).toFixed(1),
  };
}

/** CPU seconds (user + system) used so far by the Chromium processes this one started, from /proc. */
function browserCpuSeconds(): number {
  const stats = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map((pid) => {
      try {
        // Fields after the command name (which may hold spaces): state ppid … utime(14) stime(15).
        const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
        const chromium = readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('chromium');
        return { pid: Number(pid), ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]), chromium };
      } catch {
        return undefined;
      }
    })
    .filter((x) => x !== undefined);
  const mine = new Set([process.pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of stats) {
      if (!mine.has(p.ppid) || mine.has(p.pid)) continue;
      mine.add(p.pid);
      grew = true;
    }
  }
  // Descendants only, and not the sample server (also a child of this process).
  return stats.filter((p) => p.chromium && mine.has(p.pid)).reduce((t, p) => t + p.ticks, 0) / 100;
}

const ownCpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

async function startServer(): Promise<{ address: string; stop(): void }> {
  const port = 50_000 + Math.floor(Math.random() * 10_000);
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'sample-server.js'), '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((ok, fail) => {
    child.stdout.on('data', (d: Buffer) => d.toString().includes(String(port)) && ok());
    child.once('exit', (code) => fail(new Error(`sample server exited with ${code}`)));
  });
  return { address: `127.0.0.1:${port}`, stop: () => child.kill() };
}

async function headless(address: string) {
  const cpu0 = ownCpuSeconds();
  const options = { address, transport: { kind: 'plaintext' as const } };
  const schema = await loadSchema(options, { kind: 'reflection' });
  const method = schema.services.flatMap((s) => s.methods).find((m) => m.fullName === METHOD)!;
  const conn = new Connection(options);
  const call = startCall(conn, method, { request: codecFor(schema.root, method.requestType).encodeJson(request) });
  const outcome = await call.done;
  const bytes = call.recording.receivedBytes / Math.max(1, outcome.received);
  conn.close();
  return {
    received: outcome.received,
    seconds: outcome.durationUs / 1e6,
    perSec: outcome.received / (outcome.durationUs / 1e6),
    avgMessageBytes: +bytes.toFixed(1),
    cpu: { hostSeconds: +(ownCpuSeconds() - cpu0).toFixed(2) },
  };
}

/** One stream through the panel; with `frames`, the page also records its requestAnimationFrame gaps. */
async function withPanel(address: string, frames: boolean) {
  const before = memory();
  const h = await openHarness(METHOD, { address });
  await h.page.click('#editor .cm-content');
  await h.page.keyboard.press('Control+a');
  await h.page.keyboard.press('Delete');
  await h.page.keyboard.insertText(request);
  // A string, not a function: tsx would wrap a function's inner closures in a helper the page lacks.
  // The recorder itself keeps the compositor producing 60 frames a second, which costs CPU the
  // stream competes for, so throughput runs go without it.
  if (frames)
    await h.page.evaluate(`(() => {
    window.__gaps = [];
    window.__stop = false;
    let last = performance.now();
    const loop = (t) => { window.__gaps.push(t - last); last = t; if (!window.__stop) requestAnimationFrame(loop); };
    requestAnimationFrame(loop);
  })()`);
  const cpu0 = { own: ownCpuSeconds(), browser: browserCpuSeconds() };
  await h.page.click('#send');
  await h.page.waitForFunction(
    () => /^ended/.test(document.querySelector('#call-state')?.textContent ?? ''),
    undefined,
    { timeout: 600_000, polling: 500 },
  );
  const gaps: number[] = frames
    ? await h.page.evaluate(() => {
        const w = window as unknown as { __gaps: number[]; __stop: boolean };
        w.__stop = true;
        return w.__gaps.slice(1);
      })
    : [];
  const cpu = {
    hostSeconds: +(ownCpuSeconds() - cpu0.own).toFixed(2),
    browserSeconds: +(browserCpuSeconds() - cpu0.browser).toFixed(2),
  };
  const ended = h.posted.find((m): m is CallEndedMessage => m.type === 'callEnded')!;
  const after = memory();
  const run = h.session.current!;
  const seconds = ended.outcome.durationUs / 1e6;
  const sorted = [...gaps].sort((a, b) => a - b);
  const result = {
    received: ended.outcome.received,
    seconds,
    perSec: ended.outcome.received / seconds,
    posts: h.posted.length,
    progressPosts: h.posted.filter((m) => m.type === 'callProgress').length,
    frameGapsMs: frames && {
      frames: gaps.length,
      p50: +percentile(sorted, 50).toFixed(1),
      p95: +percentile(sorted, 95).toFixed(1),
      p99: +percentile(sorted, 99).toFixed(1),
      max: +(sorted.at(-1) ?? NaN).toFixed(1),
    },
    cpu,
    hostMemoryBefore: before,
    hostMemoryAfter: after,
    payloadBytesMiB: +(run.call.recording.receivedBytes / MiB).toFixed(1),
  };
  await h.close();
  return result;
}

/**
 * Alternates panel and headless runs `reps` times (the machine's noise hits both alike; the panel goes
 * first so its memory figures start clean) and reports the median ratio; then one more panel run
 * records the webview's frame gaps.
 */
async function main() {
  const server = await startServer();
  const ratios: number[] = [];
  try {
    for (let i = 0; i < reps; i++) {
      const panel = await withPanel(server.address, false);
      console.log(JSON.stringify({ run: 'panel attached', ...panel }));
      const core = await headless(server.address);
      console.log(JSON.stringify({ run: 'headless core', ...core }));
      ratios.push(panel.perSec / core.perSec);
    }
    const framed = await withPanel(server.address, true);
    console.log(JSON.stringify({ run: 'panel attached, recording frames', ...framed }));
    const sorted = [...ratios].sort((a, b) => a - b);
    const medianRatio = +percentile(sorted, 50).toFixed(3);
    console.log(
      JSON.stringify({ ratios: ratios.map((r) => +r.toFixed(3)), medianRatio, frameGapsMs: framed.frameGapsMs }),
    );
  } finally {
    server.stop();
  }
}

main().then(
  () => process.exit(0),
  (e) => (console.error(e), process.exit(1)),
);
