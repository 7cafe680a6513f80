// What every end-to-end suite file starts with: one code-server with the packaged extension and one
// browser page, opened before the file's tests and closed after them, and `scenario`, which saves
// what the screen showed when a step fails.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { extensionLog, openBrowser, startCodeServer } from './harness.mjs';
import { screenshot, waitForExtension } from './workbench.mjs';

/** The visible notifications, editor tabs, gRPC side-bar rows, webview headings and the end of the extension's log, as text. */
async function describeScreen(page, user) {
  const list = async (selector) => (await page.locator(selector).allTextContents()).map((t) => t.trim()).filter(Boolean);
  const headings = [];
  for (const f of page.frames()) {
    const h = await f.$eval('#method', (e) => e.textContent?.trim()).catch(() => undefined);
    if (h) headings.push(h);
  }
  return [
    `notifications: ${JSON.stringify(await list('.notification-toast .notification-list-item-message'))}`,
    `tabs: ${JSON.stringify(await list('.tabs-container .tab .label-name'))}`,
    `gRPC side bar rows: ${JSON.stringify(await list('[id="workbench.view.extension.grpcExplorer"] .monaco-list-row'))}`,
    `method panels: ${JSON.stringify(headings)}`,
    `the extension's log, last lines:\n${(user ? extensionLog(user) : '').trimEnd().split('\n').slice(-15).join('\n')}`,
  ].join('\n');
}

/**
 * Registers the suite's before/after hooks. `onReady({ cs, page })` runs once the workbench shows the
 * extension's contributions. `scenario(name, fn)` runs a step and, when it fails, saves
 * `e2e-results/<prefix>-FAILED-<name>.png` before rethrowing.
 */
export function workbenchSuite({ theme, prefix, onReady }) {
  let cs, browser, page;
  before(async () => {
    const vsix = process.env.GRPC_E2E_VSIX;
    assert.ok(vsix, 'GRPC_E2E_VSIX names the .vsix to install (npm run test:e2e sets it)');
    cs = await startCodeServer({ vsix, theme });
    ({ browser, page } = await openBrowser(cs.url));
    await waitForExtension(page);
    onReady({ cs, page });
  });
  after(async () => {
    await browser?.close().catch(() => undefined);
    cs?.stop();
  });
  return {
    async scenario(name, fn) {
      try {
        await fn();
      } catch (e) {
        await screenshot(page, `${prefix}-FAILED-${name}`).catch(() => undefined);
        // CI keeps only the log: say in it what the screen showed.
        console.error(`${prefix}-FAILED-${name}: what the workbench showed\n${await describeScreen(page, cs?.user).catch((x) => String(x))}`);
        throw e;
      }
    },
  };
}
