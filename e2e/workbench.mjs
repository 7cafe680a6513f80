// What a person does in the VS Code workbench, as Playwright steps: the command palette, quick
// inputs, the gRPC tree, notifications, editors and webview panels.
import { join } from 'node:path';
import { resultsDir, waitFor } from './harness.mjs';

const QUICK_INPUT = '.quick-input-widget';
const QUICK_INPUT_BOX = `${QUICK_INPUT} .quick-input-box input`;

/** Waits until the workbench shows the extension's gRPC view container (its contributions are loaded). */
export async function waitForExtension(page) {
  await page.locator('.activitybar .action-item a[aria-label^="gRPC"], .activitybar .action-item[aria-label^="gRPC"]').first()
    .waitFor({ state: 'attached', timeout: 60_000 });
}

/**
 * Runs a command by its palette title, e.g. "gRPC: Connect". The palette lists a command only once
 * the extension host has registered its contributions, so it is reopened until the row appears.
 */
export async function runCommand(page, title) {
  await waitFor(`"${title}" in the command palette`, async () => {
    // Keys typed while a webview has focus go to the webview: give the focus back to the workbench.
    await page.evaluate(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    await page.waitForSelector(QUICK_INPUT_BOX, { state: 'visible', timeout: 3_000 });
    await page.fill(QUICK_INPUT_BOX, `>${title}`, { timeout: 3_000 });
    const row = page.locator(`${QUICK_INPUT} .monaco-list-row`, { hasText: title }).first();
    return row.waitFor({ state: 'visible', timeout: 3_000 }).then(() => true, () => false);
  }, 30_000, 500);
  await page.keyboard.press('Enter');
}

/** Waits for a quick input whose title or placeholder mentions `text`. */
export async function waitForQuickInput(page, text, ms = 60_000) {
  await waitFor(`a quick input about "${text}"`, async () => {
    const visible = await page.locator(QUICK_INPUT).isVisible();
    if (!visible) return false;
    const title = (await page.locator(`${QUICK_INPUT} .quick-input-title`).textContent()) ?? '';
    const placeholder = (await page.locator(QUICK_INPUT_BOX).getAttribute('placeholder')) ?? '';
    const message = (await page.locator(`${QUICK_INPUT} .quick-input-message`).textContent().catch(() => '')) ?? '';
    return `${title} ${placeholder} ${message}`.includes(text);
  }, ms); // the extension host answers slowly on a busy machine (a 20 s wait timed out at load 26)
}

/**
 * Connects through the Connect steps: the address typed in, Plaintext, the metadata line (or none),
 * and, when the metadata has credential-looking keys, the secret step accepted as offered. A webview
 * loading or answering meanwhile can take the focus and close a step (seen in CI at load 19): then
 * the steps start again, as a person would, until the last one was accepted.
 */
export async function connectPlaintext(page, address, { metadata = '', secretStep = false } = {}) {
  await waitFor(`the Connect steps for ${address} done`, async () => {
    await page.keyboard.press('Escape');
    await runCommand(page, 'gRPC: Connect');
    await waitForQuickInput(page, 'gRPC: Connect', 20_000);
    await typeInQuickInput(page, address);
    await pickQuickInputRow(page, `Connect to ${address}`);
    await waitForQuickInput(page, 'transport', 20_000);
    await pickQuickInputRow(page, 'Plaintext');
    await waitForQuickInput(page, 'metadata', 20_000);
    if (metadata) await typeInQuickInput(page, metadata);
    await page.keyboard.press('Enter');
    if (secretStep) {
      await waitForQuickInput(page, 'Keep which values secret', 20_000);
      await page.keyboard.press('Enter');
    }
    await page.locator(QUICK_INPUT).waitFor({ state: 'hidden', timeout: 5_000 });
    return true;
  }, 150_000, 500);
}

/** Types into the open quick input (replacing what is there). */
export async function typeInQuickInput(page, text) {
  await page.fill(QUICK_INPUT_BOX, text);
}

/** What the quick input's box holds now ('' when it is gone). */
export async function quickInputValue(page) {
  return page.locator(QUICK_INPUT_BOX).inputValue({ timeout: 2_000 }).catch(() => '');
}

/** Picks the quick input row whose text contains `label`. */
export async function pickQuickInputRow(page, label) {
  const row = page.locator(`${QUICK_INPUT} .monaco-list-row`, { hasText: label }).first();
  await row.waitFor({ state: 'visible', timeout: 15_000 });
  await row.click();
}

/** Labels of the rows the quick input lists now. */
export async function quickInputRows(page) {
  return page.locator(`${QUICK_INPUT} .monaco-list-row`).allTextContents();
}

/**
 * The rows of one view of the gRPC side bar: 'Targets' (the connected servers) or 'History' (calls
 * made). Scoped to the view, since a History row may carry a method name or an address too.
 */
export function viewRows(page, view = 'Targets') {
  return page
    .locator('[id="workbench.view.extension.grpcExplorer"] .pane', { has: page.locator('.pane-header', { hasText: view }) })
    .locator('.monaco-list-row');
}

/** Every row of the gRPC Targets tree whose label is exactly `label`. */
export function treeRowsNamed(page, label) {
  return viewRows(page).filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) });
}

/** The first row of the gRPC Targets tree whose label is exactly `label`. */
export function treeRow(page, label) {
  return treeRowsNamed(page, label).first();
}

/** Text of every row of the gRPC Targets tree (or of the History view: `view` 'History'). */
export async function treeRows(page, view = 'Targets') {
  return viewRows(page, view).evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? r.textContent ?? ''));
}

/** The first notification toast matching `pattern`; returns its text. */
export async function waitForNotification(page, pattern, ms = 30_000, { orInCenter = false } = {}) {
  try {
    return await waitFor(`a notification matching ${pattern}`, async () => {
      const texts = await page.locator('.notification-toast .notification-list-item-message').allTextContents();
      return texts.find((t) => pattern.test(t));
    }, ms);
  } catch (e) {
    if (!orInCenter) throw e;
    // The workbench sometimes files a notification in the notification center without a toast (seen
    // in CI: the bell marked, no toast): a person then finds it there, so look there too.
    await runCommand(page, 'Notifications: Show Notifications');
    const found = await waitFor(`a notification matching ${pattern} in the notification center`, async () => {
      const texts = await page.locator('.notifications-center .notification-list-item-message').allTextContents();
      return texts.find((t) => pattern.test(t));
    }, 10_000);
    await page.keyboard.press('Escape');
    return found;
  }
}

/** Waits until no notification toast matches `pattern` (VS Code shows a progress toast for at least 800 ms). */
export async function waitForNotificationGone(page, pattern, ms = 5_000) {
  await waitFor(`no notification matching ${pattern}`, async () => {
    const texts = await page.locator('.notification-toast .notification-list-item-message').allTextContents();
    return !texts.some((t) => pattern.test(t));
  }, ms, 100);
}

/** Buttons of the notification toast whose message matches `pattern`. */
export async function notificationButtons(page, pattern) {
  const toast = page.locator('.notification-toast', { has: page.locator('.notification-list-item-message', { hasText: pattern }) }).first();
  return toast.locator('.notification-list-item-buttons-container .monaco-button').allTextContents();
}

/** Closes every notification toast (so later screenshots show only what they are about). */
export async function clearNotifications(page) {
  await runCommand(page, 'Notifications: Clear All Notifications').catch(() => undefined);
  await page.keyboard.press('Escape');
}

/** Text of the active text editor, as rendered (Monaco's view lines; its non-breaking spaces made plain). */
export async function activeEditorText(page) {
  const text = await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().innerText();
  return text.replace(/\u00a0/g, ' ');
}

/** Saves a screenshot into e2e-results/ (name without extension) and returns its path. */
export async function screenshot(page, name) {
  const path = join(resultsDir(), `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/**
 * Right-clicks a tree row and chooses `item` from its context menu, until `done()` sees the effect: the
 * menu may ignore a click that comes right after it opened, or close without acting on it.
 */
export async function contextMenu(page, row, item, done) {
  const entry = page.locator('.context-view .action-label', { hasText: item }).first();
  await waitFor(`"${item}" chosen from the context menu`, async () => {
    if (!(await entry.isVisible())) {
      await row.click({ button: 'right' });
      await entry.waitFor({ state: 'visible', timeout: 5_000 });
      await page.waitForTimeout(200);
    }
    await entry.click({ timeout: 2_000 }).catch(() => undefined);
    return done();
  }, 30_000, 300);
}

/** Rows of "Developer: Show Running Extensions": `{ name, activation }` per activated extension. */
export async function runningExtensions(page) {
  await runCommand(page, 'Developer: Show Running Extensions');
  const rows = page.locator('.runtime-extensions-editor .monaco-list-row');
  await rows.first().waitFor({ state: 'visible', timeout: 20_000 });
  await page.waitForTimeout(500); // the list fills in as the extension host reports
  const texts = await rows.evaluateAll((els) => els.map((e) => e.innerText));
  return texts.map((t) => ({ name: t.split('\n')[0] ?? '', activation: /Activation: ([\d.]+)ms/.exec(t)?.[1], text: t.replace(/\n/g, ' | ') }));
}
