// Light theme: the first-run path (welcome view → Start Sample Server → Open Counter/Increment) and
// Connect with secret metadata (kept out of logs, $ENV in grpcurl). Screenshots: e2e-results/light-*.png.
import { test } from 'node:test';
import { workbenchSuite } from './suite.mjs';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT, extensionLog, waitFor } from './harness.mjs';
import {
  clearNotifications, connectPlaintext, contextMenu, pickQuickInputRow, runCommand, runningExtensions, screenshot, treeRows, treeRowsNamed, typeInQuickInput, quickInputValue,
  waitForNotification, waitForQuickInput,
} from './workbench.mjs';
import { panelFrame, sendUnary, setRequest, text } from './panel-steps.mjs';

let cs, page, sampleAddress;
const { scenario } = workbenchSuite({ theme: 'Default Light Modern', prefix: 'light', onReady: (w) => ({ cs, page } = w) });

test('lazy activation: the extension does not run until its view or a command is used', () =>
  scenario('lazy', async () => {
    const running = await runningExtensions(page);
    assert.ok(running.length > 0, 'the running extensions list is shown');
    assert.ok(!running.some((e) => e.name === 'gRPC Explorer'), running.map((e) => e.text).join('\n'));
    await page.keyboard.press('Control+W'); // close the Running Extensions editor
  }));

test('first run: the gRPC view invites to start the sample server, and one click opens a working method', () =>
  scenario('first-run', async () => {
    await page.locator('.activitybar .action-item a[aria-label^="gRPC"], .activitybar .action-item[aria-label^="gRPC"]').first().click();
    const start = page.locator('.welcome-view-content .monaco-button', { hasText: 'Start Sample Server' });
    await start.waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot(page, 'light-01-welcome');
    await start.click();
    const text = await waitForNotification(page, /sample server running on 127\.0\.0\.1:\d+/);
    sampleAddress = /127\.0\.0\.1:\d+/.exec(text)?.[0];
    await waitFor('the sample target in the tree', async () => (await treeRows(page)).some((r) => r.includes('Counter')));
    await page.locator('.notification-toast .monaco-button', { hasText: 'Open Counter/Increment' }).click();
    await sendUnary(page, 'light', 'explorer.sample.v1.Counter/Increment', '{"value": "41"}', /"value":\s*"42"/);
  }));

test('secret metadata: kept out of the log, and grpcurl reads it from $AUTHORIZATION', () =>
  scenario('secret-metadata', async () => {
    assert.ok(sampleAddress, 'the first scenario started the sample server');
    await clearNotifications(page);
    // authorization is pre-selected as secret in the secret step, which is accepted as offered.
    await connectPlaintext(page, sampleAddress, { metadata: 'authorization: Bearer e2e-s3cr3t, x-tenant: acme', secretStep: true });
    await waitFor('the second target', async () => (await treeRows(page)).filter((r) => r.includes(sampleAddress)).length >= 2);
    await screenshot(page, 'light-03-two-targets');
    const log = extensionLog(cs.user);
    assert.match(log, /metadata keys: authorization \(secret\), x-tenant/);
    assert.ok(!log.includes('e2e-s3cr3t'), 'the secret value never reaches the log');
    // Targets are listed in connection order: the plaintext one is second, so its rows come last.
    await treeRowsNamed(page, 'Counter').last().click();
    await waitFor('the second Increment row', async () => (await treeRowsNamed(page, 'Increment').count()) >= 1);
    const increments = treeRowsNamed(page, 'Increment');
    const copied = /grpcurl command for Increment copied/;
    await contextMenu(page, increments.last(), 'Copy as grpcurl Command', () => waitForNotification(page, copied, 2_000).catch(() => false));
    const note = await waitForNotification(page, copied);
    assert.match(note, /Set \$AUTHORIZATION/);
    const clip = await page.evaluate(() => navigator.clipboard.readText());
    assert.ok(clip.includes(`-H "authorization: $AUTHORIZATION"`), clip);
    assert.ok(clip.includes(`-H 'x-tenant: acme'`), clip);
    assert.ok(!clip.includes('e2e-s3cr3t'), clip);
  }));

test('Open Method… finds a method by name; a server stream shows every message as it arrives', () =>
  scenario('open-method', async () => {
    await clearNotifications(page);
    await runCommand(page, 'gRPC: Open Method');
    await waitForQuickInput(page, 'Open Method');
    await typeInQuickInput(page, 'Streams/Generate');
    await pickQuickInputRow(page, 'explorer.sample.v1.Streams/Generate');
    const frame = await panelFrame(page, 'explorer.sample.v1.Streams/Generate');
    await setRequest(page, frame, '{"count": 5, "intervalMs": 50, "text": "hello"}');
    await frame.click('#send');
    await waitFor('the stream to end', async () => (await text(frame, '#call-state')).startsWith('ended'));
    assert.equal(await text(frame, '#call-state'), 'ended: OK');
    assert.equal(await text(frame, '#counts'), 'sent 1 · received 5');
    await frame.locator('vscode-tab-header', { hasText: 'Timeline' }).click();
    const received = await waitFor('five received rows', async () => {
      const n = await frame.locator('#timeline .trow.k-received').count();
      return n === 5 && n;
    });
    assert.equal(received, 5);
    await screenshot(page, 'light-05-server-stream');
  }));

test('Load Proto Files… connects without reflection, from a .proto file picked in the file dialog', () =>
  scenario('load-protos', async () => {
    const file = join(ROOT, 'proto', 'explorer', 'sample', 'v1', 'counter.proto');
    await clearNotifications(page);
    await runCommand(page, 'gRPC: Load Proto Files');
    await waitForQuickInput(page, 'Load Proto Files');
    await typeInQuickInput(page, file);
    // The simple file dialog lists the folder as the path is typed and may take Enter only once it has.
    // Enter is safe to repeat: in the address box that follows, an empty address is refused.
    await waitFor('the file dialog to accept counter.proto', async () => {
      const title = (await page.locator('.quick-input-widget .quick-input-title').textContent().catch(() => '')) ?? '';
      if (title.includes('server address')) return true;
      if (!title.includes('Load Proto Files')) return false;
      // The dialog fills in its own folder once it has listed it; if that landed after our text
      // (CI saw ".../workspace//<the path>"), type the path again before Enter.
      const typed = await quickInputValue(page);
      if (typed.includes(file) && typed !== file) await typeInQuickInput(page, file);
      else await page.keyboard.press('Enter');
      return false;
    }, 20_000, 700);
    await typeInQuickInput(page, sampleAddress);
    await page.keyboard.press('Enter');
    await waitForQuickInput(page, 'transport');
    await pickQuickInputRow(page, 'Plaintext');
    const rows = await waitFor('a target whose schema comes from .proto files', async () => {
      const r = await treeRows(page);
      return r.some((x) => /schema from proto/.test(x)) && r;
    });
    await screenshot(page, 'light-04-load-protos');
    const i = rows.findIndex((x) => /schema from proto/.test(x));
    assert.match(rows[i + 1] ?? '', /explorer\.sample\.v1\.Counter: 2 methods/, 'only counter.proto\'s service is listed under it');
  }));
