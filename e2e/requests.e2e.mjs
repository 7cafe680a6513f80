// Request files in a real VS Code (code-server): switch the environment from the status bar's
// command, CodeLens Send on a .http file, the call in the History view and reopened in a panel, and
// Open in Panel from a .proto file. Screenshots: e2e-results/requests-*.png.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, startSampleServerProcess, waitFor } from './harness.mjs';
import { workbenchSuite } from './suite.mjs';
import { pickQuickInputRow, runCommand, screenshot, treeRows, typeInQuickInput, waitForQuickInput } from './workbench.mjs';
import { panelFrame } from './panel-steps.mjs';

let sample, cs, page;
before(async () => (sample = await startSampleServerProcess()));
after(() => sample?.stop());
const { scenario } = workbenchSuite({
  theme: 'Default Dark Modern',
  prefix: 'requests',
  onReady: (w) => {
    ({ cs, page } = w);
    // Environment "one" reaches the sample server; "two" a port where nothing listens.
    writeFileSync(join(cs.folder, 'http-client.env.json'), JSON.stringify({ one: { host: sample.address }, two: { host: '127.0.0.1:1' } }));
    writeFileSync(join(cs.folder, 'counter.http'), '### increment\nGRPC {{host}}/explorer.sample.v1.Counter/Increment\n\n{"value": "41"}\n\n?? body $.value == 42\n');
    copyFileSync(join(ROOT, 'proto', 'explorer', 'sample', 'v1', 'counter.proto'), join(cs.folder, 'counter.proto'));
  },
});

/** Opens a workspace file through Go to File. */
async function openFile(name) {
  await runCommand(page, 'Go to File');
  await page.fill('.quick-input-widget .quick-input-box input', name);
  await pickQuickInputRow(page, name);
  await page.locator('.tab.active', { hasText: name }).waitFor({ state: 'visible', timeout: 20_000 });
}

/** Clicks the CodeLens titled `title` (the `index`-th of that title in the editor). */
async function clickCodeLens(title, index = 0) {
  const lens = page.locator('.editor-group-container.active .codelens-decoration a', { hasText: title }).nth(index);
  await lens.waitFor({ state: 'visible', timeout: 30_000 });
  await lens.click();
}

test('switch the request environment: the status bar names it', () =>
  scenario('environment', async () => {
    await openFile('counter.http');
    await runCommand(page, 'gRPC: Select Request Environment');
    await waitForQuickInput(page, 'gRPC request environment');
    await pickQuickInputRow(page, 'one');
    await page.locator('#workbench\\.parts\\.statusbar .statusbar-item', { hasText: /\bone\b/ }).waitFor({ state: 'visible', timeout: 15_000 });
    await screenshot(page, 'requests-01-environment');
  }));

test('CodeLens Send on a .http file: the call lands in the History view with its status', () =>
  scenario('send', async () => {
    await clickCodeLens('Send');
    await page.locator('.activitybar .action-item a[aria-label^="gRPC"], .activitybar .action-item[aria-label^="gRPC"]').first().click();
    const row = await waitFor('the call in History', async () => (await treeRows(page)).find((r) => /Increment/.test(r) && /OK/.test(r)), 60_000, 500);
    assert.match(row, /OK/);
    await screenshot(page, 'requests-02-sent-history');
  }));

test('reopen from History: the panel opens with the request that was sent', () =>
  scenario('history-reopen', async () => {
    // The row of the History view itself (the Targets view above may list methods of the same name).
    const row = page.locator('[id="workbench.view.extension.grpcExplorer"] .pane', { has: page.locator('.pane-header', { hasText: 'History' }) })
      .locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: /^Increment$/ }) }).first();
    await row.waitFor({ state: 'visible', timeout: 15_000 });
    await row.locator('.label-name').click();
    const frame = await panelFrame(page, 'explorer.sample.v1.Counter/Increment');
    const editor = await waitFor('the request in the editor', async () => {
      const t = (await frame.textContent('#editor .cm-content')) ?? '';
      return t.includes('41') && t;
    });
    assert.match(editor, /"value":\s*"41"/);
    await screenshot(page, 'requests-03-reopened');
  }));

test('Open in Panel from a .proto file: IncrementStream on an address typed in', () =>
  scenario('proto-codelens', async () => {
    await openFile('counter.proto');
    await clickCodeLens('Open in Panel', 1); // the second rpc: IncrementStream
    await waitForQuickInput(page, 'which server');
    await pickQuickInputRow(page, 'Enter host:port');
    await waitForQuickInput(page, 'Server address');
    await typeInQuickInput(page, sample.address);
    await page.keyboard.press('Enter');
    await waitForQuickInput(page, 'How to reach');
    await pickQuickInputRow(page, 'Plaintext');
    await panelFrame(page, 'explorer.sample.v1.Counter/IncrementStream');
    await screenshot(page, 'requests-04-proto-codelens');
  }));
