// Request files in a real VS Code (code-server): switch the environment from the status bar's
// command, CodeLens Send on a .http file (the call in its method panel and in the History view), the
// call reopened from History, Save to .http from the panel (appended to the open file, secrets as
// variables), a bidi request's messages prepared in the panel, and Open in Panel from a .proto file.
// Screenshots: e2e-results/requests-*.png.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, startSampleServerProcess, waitFor } from './harness.mjs';
import { workbenchSuite } from './suite.mjs';
import { pickQuickInputRow, runCommand, screenshot, treeRows, typeInQuickInput, viewRows, waitForQuickInput } from './workbench.mjs';
import { panelFrame, setRequest, text } from './panel-steps.mjs';

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
    // A bidi request of three messages (IncrementStream answers each), for the panel's prepared messages.
    writeFileSync(join(cs.folder, 'stream.http'), `### stream\nGRPC ${sample.address}/explorer.sample.v1.Counter/IncrementStream\n\n{"value": "1"}\n===\n{"value": "10"}\n=== wait-for-server\n{"value": "100"}\n`);
    copyFileSync(join(ROOT, 'proto', 'explorer', 'sample', 'v1', 'counter.proto'), join(cs.folder, 'counter.proto'));
  },
});

/**
 * Opens a workspace file through Go to File. Tried again while its tab is not the active one: a
 * method panel opened just before may take the focus back as it loads, closing the quick open or
 * leaving the file's tab behind it (CI saw the tab open but not active).
 */
async function openFile(name) {
  const tab = page.locator('.tab.active', { hasText: name });
  await waitFor(`${name} open in the active tab`, async () => {
    await runCommand(page, 'Go to File');
    await page.fill('.quick-input-widget .quick-input-box input', name);
    await pickQuickInputRow(page, name);
    return tab.waitFor({ state: 'visible', timeout: 5_000 }).then(() => true, () => false);
  }, 60_000, 500);
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

test('CodeLens Send on a .http file: the method panel shows the call, and it lands in the History view', () =>
  scenario('send', async () => {
    await clickCodeLens('Send');
    const frame = await panelFrame(page, 'explorer.sample.v1.Counter/Increment');
    await waitFor('the call to end in the panel', async () => (await text(frame, '#call-state')).startsWith('ended'), 60_000);
    assert.equal(await text(frame, '#call-state'), 'ended: OK');
    assert.equal(await text(frame, '#counts'), 'sent 1 · received 1');
    assert.match(await text(frame, '#elapsed'), /\d+(\.\d+)?\s*(µs|ms|s)/, 'the call is timed as one sent from the panel');
    const body = await waitFor('the reply in the panel', async () => {
      const t = await text(frame, '#response-body');
      return /"value":\s*"42"/.test(t) && t;
    }, 10_000);
    assert.match(body, /42/);
    assert.match((await frame.textContent('#editor .cm-content')) ?? '', /"value":\s*"41"/, 'the request is loaded in the editor');
    await page.locator('.activitybar .action-item a[aria-label^="gRPC"], .activitybar .action-item[aria-label^="gRPC"]').first().click();
    const row = await waitFor('the call in History', async () => (await treeRows(page, 'History')).find((r) => /Increment/.test(r) && /OK/.test(r)), 60_000, 500);
    assert.match(row, /OK/);
    await screenshot(page, 'requests-02-sent-history');
  }));

test('reopen from History: the panel opens with the request that was sent', () =>
  scenario('history-reopen', async () => {
    // The row of the History view itself (the Targets view above may list methods of the same name).
    const row = viewRows(page, 'History').filter({ has: page.locator('.label-name', { hasText: /^Increment$/ }) }).first();
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

test('Save to .http from the panel: the request is appended to the open file, the secret as a variable', () =>
  scenario('save-http', async () => {
    const frame = await panelFrame(page, 'explorer.sample.v1.Counter/Increment');
    await setRequest(page, frame, '{"value": "7"}');
    await frame.click('#add-metadata');
    await frame.locator('.metadata-row:last-child .md-key input').fill('authorization');
    await frame.locator('.metadata-row:last-child .md-value input').fill('Bearer e2e-secret');
    await frame.locator('#deadline input').fill('2500');
    await frame.click('#save-http');
    await waitForQuickInput(page, 'Save request to .http');
    await pickQuickInputRow(page, 'counter.http');
    const file = join(cs.folder, 'counter.http');
    const saved = await waitFor('the request appended to counter.http', () => {
      const t = readFileSync(file, 'utf8');
      return t.includes('"value": "7"') && t;
    }, 30_000, 300);
    assert.ok(saved.startsWith('### increment\nGRPC {{host}}/explorer.sample.v1.Counter/Increment'), 'the file keeps its first request');
    assert.match(saved, new RegExp(`^GRPC ${sample.address.replace(/\./g, '\\.')}/explorer\\.sample\\.v1\\.Counter/Increment$`, 'm'));
    assert.match(saved, /^authorization: \{\{authorization\}\}$/m);
    assert.doesNotMatch(saved, /e2e-secret/, 'the secret value is never written');
    assert.match(saved, /^# @grpc-deadline 2500ms$/m);
    await screenshot(page, 'requests-04-saved-http');
  }));

test("a bidi request's three messages are prepared in the panel; Send all sends them, the reply before the last, then ends the stream", () =>
  scenario('stream-queue', async () => {
    await openFile('stream.http');
    await clickCodeLens('Open in Panel');
    const frame = await panelFrame(page, 'explorer.sample.v1.Counter/IncrementStream');
    const items = frame.locator('#queue li');
    await waitFor('three prepared messages', async () => (await items.count()) === 3);
    assert.match(await text(frame, '#queue-title'), /0 of 3 sent/);
    assert.match((await frame.textContent('#editor .cm-content')) ?? '', /"value":\s*"1"/, 'the first message is in the editor');
    assert.equal(await frame.locator('#queue-end').evaluate((e) => e.checked), true, '"End the stream after the last" is ticked');
    await frame.click('#queue-send-all');
    await waitFor('three replies', async () => (await text(frame, '#counts')) === 'sent 3 · received 3', 30_000);
    assert.match(await text(frame, '#queue-title'), /3 of 3 sent/);
    // The file's messages are the whole stream: Send all half-closes it, and the call ends OK by itself.
    await waitFor('the stream to end after the last message', async () => (await text(frame, '#call-state')) === 'ended: OK', 30_000);
    await screenshot(page, 'requests-05-stream-queue');
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
    await screenshot(page, 'requests-06-proto-codelens');
  }));

test("field names complete inside a request's JSON message, from the request type", () =>
  scenario('body-completion', async () => {
    await openFile('stream.http');
    const editor = page.locator('.editor-group-container.active .monaco-editor .view-lines');
    const focused = page.locator('.editor-group-container.active .monaco-editor.focused');
    await waitFor('the request file\'s editor focused', async () => {
      await editor.click();
      return focused.waitFor({ state: 'visible', timeout: 2_000 }).then(() => true, () => false);
    }, 30_000, 500);
    await page.keyboard.press('Control+Home');
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown'); // line 4: the first message
    await page.keyboard.press('Home');
    await page.keyboard.press('Shift+End');
    await page.keyboard.press('Delete'); // typed over a selection, a bracket would wrap it instead
    await page.keyboard.type('{"');
    const row = page.locator('.suggest-widget .monaco-list-row', { hasText: 'value' }).first();
    await waitFor('the field "value" offered', async () => {
      if (await row.isVisible()) return true;
      await page.keyboard.press('Control+Space'); // in case the trigger character was missed
      return row.waitFor({ state: 'visible', timeout: 2_000 }).then(() => true, () => false);
    }, 30_000, 500);
    await screenshot(page, 'requests-07-body-completion');
    await page.keyboard.press('Escape');
  }));
