// The method panel's figures for BENCHMARKS.md, run by `npm run bench` after the
// core benchmarks: a 1,000,000-message server stream received with the panel
// attached (real host code driving the built webview in Chromium) vs by the
// headless core alone, the webview's frame gaps during it, and the extension
// host's memory for 1,000,000 received ~100-byte messages. Rewrites only its
// own marked section. Needs `npm run setup` (Chromium, playwright-core in .e2e/).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';

const BEGIN = '<!-- npm run bench (panel): begin -->';
const END = '<!-- npm run bench (panel): end -->';
const run = (script, args) => {
  console.log(`bench (panel): ${script} ${args.join(' ')}`);
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', script, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`${script} failed (exit ${r.status})`);
  return r.stdout.trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
};

if (!existsSync('.e2e/node_modules/playwright-core')) {
  console.error('bench (panel): playwright-core is missing from .e2e/ — run `npm run setup` first; panel figures skipped.');
  process.exit(1);
}
const load = os.loadavg()[0].toFixed(1);
const frames = run('bench/panel/frame-bench.ts', ['1000000', '84', '3']);
const memory = run('bench/panel/memory-bench.ts', ['1000000', '160', '84'])[0];
const summary = frames.find((f) => f.ratios);
const core = frames.filter((f) => f.run === 'headless core');
const panel = frames.filter((f) => f.run?.startsWith('panel attached'));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const growth = memory.memoryAfter.rssMiB - memory.memoryBefore.rssMiB;
const gaps = summary.frameGapsMs;
const verdict = (ok) => (ok ? 'met' : '**missed**');

const section = `${BEGIN}
## Method panel in its development harness (\`npm run bench\`, scripts/bench-panel.mjs)

Generated on ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')} on ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores,
Node ${process.version}; load average ${load} at the start. Sample server in its own process; \`Streams.Generate\`
of 1,000,000 messages of ~${memory.avgMessageBytes} bytes at full speed.

| Figure | Value | Target | |
|---|---|---|---|
| Received with the panel attached vs by the headless core (median of ${summary.ratios.length} alternated rounds: ${summary.ratios.join(', ')}) | **${summary.medianRatio}** | ≥ 0.8 | ${verdict(summary.medianRatio >= 0.8)} |
| Webview frame gaps (requestAnimationFrame) during the stream, p95 (${gaps.frames} frames; p50 ${gaps.p50}, p99 ${gaps.p99}, max ${gaps.max} ms) | **${gaps.p95} ms** | < 50 ms | ${verdict(gaps.p95 < 50)} |
| Extension host memory for 1,000,000 received messages: RSS growth (${memory.memoryBefore.rssMiB} → ${memory.memoryAfter.rssMiB} MiB; ${memory.payloadInMemoryMiB} MiB of payload kept in memory, ${memory.payloadSpilledMiB} MiB spilled) | **${growth.toFixed(0)} MiB** | ≤ 200 MB | ${verdict(growth * 1.048576 <= 200)} |

Absolute: headless core ${Math.round(median(core.map((c) => c.perSec))).toLocaleString('en-US')} msgs/s, panel attached
${Math.round(median(panel.map((c) => c.perSec))).toLocaleString('en-US')} msgs/s (medians); ${memory.posts} posts to the webview for the
memory run (${memory.postedKiB} KiB in all), never one per message.

How: \`bench/panel/frame-bench.ts\` drives the real host side (CallSession: spilling payload store,
coalesced progress, rows on request) and the built webview in Debian's Chromium through the panel's dev harness
(only \`acquireVsCodeApi\` and the theme variables stand in for VS Code), alternating with the headless core
(\`startCall\`, recording kept). \`memory-bench.ts\` measures the host alone in plain Node (no browser in the
process), which is what the extension host holds; RSS growth is the figure because the process's starting
footprint (Node plus the loaded code) is not the stream's.
${END}`;

const path = 'BENCHMARKS.md';
const text = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n';
const start = text.indexOf(BEGIN);
const end = text.indexOf(END);
const next = start >= 0 && end > start ? text.slice(0, start) + section + text.slice(end + END.length) : `${text.trimEnd()}\n\n${section}\n`;
writeFileSync(path, next);
console.log(section);
