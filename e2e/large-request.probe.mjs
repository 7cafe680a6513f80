// A 10 MB request pasted into the method panel's editor, in a real VS Code (code-server): while the
// extension checks it (on its encoder thread) the panel should keep drawing frames and the workbench
// keep answering (the command palette opens). The figures (frame gaps in the panel, the palette's
// answer times, how long the check took) go to e2e-results/large-request.json and to the log.
//
// NOT in the suite (its name does not end in .e2e.mjs): today the panel freezes on this paste. After
// 10 to 18 minutes the verdict had not shown and a Chromium renderer held 2.1-2.4 GB, both before and
// after the editor stopped linting texts of 1 Mi characters or more (docs/CONFORMANCE.md, "Large
// requests"). Run it by hand once the cause is found, then rename it to large-request.e2e.mjs:
//   npm run package && GRPC_E2E_VSIX=$PWD/grpc-explorer-0.1.0.vsix node --test e2e/large-request.probe.mjs
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { workbenchSuite } from './suite.mjs';
import { resultsDir, startSampleServerProcess, waitFor } from './harness.mjs';
import { pickQuickInputRow, runCommand, screenshot, treeRow, treeRows, typeInQuickInput, waitForQuickInput } from './workbench.mjs';
import { panelFrame, text } from './panel-steps.mjs';

let sample, page;
before(async () => (sample = await startSampleServerProcess()));
after(() => sample?.stop());
const { scenario } = workbenchSuite({ theme: 'Default Dark Modern', prefix: 'large', onReady: (w) => ({ page } = w) });

const METHOD = 'explorer.sample.v1.Types/Echo';

/**
 * About `mb` MB of pretty-printed JSON (as a person would paste it): repeated nested messages, then
 * one unknown field at the end, so the host's verdict names it and shows when the check is done.
 */
function request(mb) {
  const items = [];
  for (let i = 0, size = 0; size < mb * 1e6; i++) {
    const item = { name: `item-${i}`, count: i % 100000, color: 'COLOR_GREEN', inner: { flag: true, tags: [`t${i % 97}`, 'u'] } };
    items.push(item);
    size += 150; // what one item takes pretty-printed
  }
  return JSON.stringify({ repeatedNested: items, notAField: 1 }, null, 2);
}

/** Records the gap between animation frames in `frame` (a webview) until `stopFrames` is called. */
async function startFrames(frame) {
  await frame.evaluate(() => {
    const w = /** @type {any} */ (window);
    w.__gaps = [];
    w.__framesOn = true;
    let last = performance.now();
    const tick = (t) => {
      w.__gaps.push([last, t - last]);
      last = t;
      if (w.__framesOn) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

/** The gaps recorded since startFrames, each [start, length] in the frame's performance.now() ms. */
async function stopFrames(frame) {
  return frame.evaluate(() => {
    const w = /** @type {any} */ (window);
    w.__framesOn = false;
    return w.__gaps;
  });
}

const q = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
const summary = (gaps) => {
  const s = gaps.map(([, g]) => g).sort((a, b) => a - b);
  return { frames: s.length, p50: Math.round(q(s, 0.5)), p95: Math.round(q(s, 0.95)), max: Math.round(s.at(-1) ?? 0), over100ms: s.filter((g) => g > 100).length };
};

/** Opens the command palette and closes it again; how long it took to show, in ms. */
async function palette() {
  const t0 = Date.now();
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input').waitFor({ state: 'visible', timeout: 120_000 });
  const ms = Date.now() - t0;
  await page.keyboard.press('Escape');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 30_000 });
  return ms;
}

test('a 10 MB request is checked while the panel keeps drawing and the command palette keeps opening', () =>
  scenario('validate-10mb', async () => {
    await runCommand(page, 'gRPC: Connect');
    await waitForQuickInput(page, 'gRPC: Connect');
    await typeInQuickInput(page, sample.address);
    await pickQuickInputRow(page, `Connect to ${sample.address}`);
    await waitForQuickInput(page, 'transport');
    await pickQuickInputRow(page, 'Plaintext');
    await waitForQuickInput(page, 'metadata');
    await page.keyboard.press('Enter');
    await waitFor('Types in the tree', async () => (await treeRows(page)).some((r) => r.includes('Types')));
    await treeRow(page, 'Types').click();
    await waitFor('Echo in the tree', async () => (await treeRows(page)).some((r) => r.includes('Echo')));
    await treeRow(page, 'Echo').click();
    const frame = await panelFrame(page, METHOD);

    const json = request(10);
    // Idle first: the gaps and the palette's answer time on this machine, now.
    const idlePalette = [await palette(), await palette(), await palette()];
    await startFrames(frame);
    await new Promise((r) => setTimeout(r, 3000));
    const idle = summary(await stopFrames(frame));

    await frame.click('#editor .cm-content');
    await page.keyboard.press('Control+A');
    await startFrames(frame);
    const pasted = Date.now();
    await page.keyboard.insertText(json); // as a paste: one input of the whole text
    const inserted = Date.now();
    const during = [];
    let verdict = '';
    // Until the host's verdict shows, open the palette again and again (at least once).
    do {
      during.push(await palette());
      verdict = await text(frame, '#request-problem');
    } while (!verdict.includes('notAField') && Date.now() - pasted < 600_000);
    const checkedMs = Date.now() - pasted;
    const gaps = await stopFrames(frame);
    await screenshot(page, 'large-01-10mb-checked');
    const busy = summary(gaps);
    const figures = {
      jsonChars: json.length,
      load: (await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' '),
      insertTextMs: inserted - pasted,
      verdictAfterMs: checkedMs,
      idleFrames: idle,
      framesWhileChecked: busy,
      paletteIdleMs: idlePalette,
      paletteWhileCheckedMs: during,
      verdict,
    };
    console.log(`large request figures: ${JSON.stringify(figures)}`);
    writeFileSync(join(resultsDir(), 'large-request.json'), JSON.stringify(figures, null, 2));

    assert.match(verdict, /\$\.notAField: unknown field "notAField"/, 'the check ends with its verdict, naming the path');
    assert.ok(busy.frames > 1, `the panel drew frames while the request was checked: ${JSON.stringify(busy)}`);
    assert.ok(during.length > 0, 'the command palette opened after the paste, before the verdict');
  }));
