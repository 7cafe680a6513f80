// Activation time of the packaged extension as VS Code itself reports it ("Developer: Show Running
// Extensions"), over several fresh code-server starts: `node e2e/activation-bench.mjs [runs]` after
// `npm run package`. Each run activates the extension by a command (gRPC: Show Log), as a user would.
// The figures go to BENCHMARKS.md; the machine's load shows in them, so the median is what counts.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, openBrowser, startCodeServer } from './harness.mjs';
import { runCommand, runningExtensions, waitForExtension } from './workbench.mjs';

const runs = Number(process.argv[2] ?? 5);
const { name, version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const vsix = join(ROOT, `${name}-${version}.vsix`);
const times = [];
for (let i = 0; i < runs; i++) {
  const cs = await startCodeServer({ vsix });
  const { browser, page } = await openBrowser(cs.url);
  try {
    await waitForExtension(page);
    await runCommand(page, 'gRPC: Show Log');
    await page.waitForTimeout(1500);
    const ours = (await runningExtensions(page)).find((e) => e.name === 'gRPC Explorer');
    times.push(Number(ours?.activation));
    console.log(`run ${i + 1}: activation ${ours?.activation} ms`);
  } finally {
    await browser.close();
    cs.stop();
  }
}
const sorted = [...times].sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)];
console.log(JSON.stringify({ runs: times, medianMs: median, minMs: sorted[0], maxMs: sorted.at(-1), vsixBytes: statSync(vsix).size }));
process.exit(0);
