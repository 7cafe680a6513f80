// What every end-to-end suite file starts with: one code-server with the packaged extension and one
// browser page, opened before the file's tests and closed after them, and `scenario`, which saves
// what the screen showed when a step fails.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { openBrowser, startCodeServer } from './harness.mjs';
import { screenshot, waitForExtension } from './workbench.mjs';

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
        throw e;
      }
    },
  };
}
