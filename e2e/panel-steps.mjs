// Steps inside the method panel (a webview), on the element ids webview/main.ts documents:
// #editor .cm-content, #send, #start, #end, #call-state, #counts, #elapsed, #response-body,
// #tab-timeline, #timeline .trow (k-sent / k-received …).
import assert from 'node:assert/strict';
import { waitFor } from './harness.mjs';
import { screenshot, treeRow } from './workbench.mjs';

/**
 * The panel of `method` (full name, e.g. explorer.sample.v1.Counter/Increment): the webview frame whose
 * #method heading names it, once the host's init arrived. Panels of other methods stay in the page
 * (hidden), so the frame is chosen by its heading, not by its controls.
 */
export async function panelFrame(page, method) {
  const frame = await waitFor(`the panel of ${method}`, async () => {
    for (const f of page.frames()) {
      if (f === page.mainFrame()) continue;
      const heading = await f.$eval('#method', (e) => e.textContent?.trim()).catch(() => undefined);
      if (heading === method) return f;
    }
    return undefined;
  }, 60_000, 300);
  await frame.waitForSelector('#app:not([aria-busy="true"])', { timeout: 30_000 });
  return frame;
}

/** Replaces the request editor's text as a paste would (no auto-closed brackets). */
export async function setRequest(page, frame, json) {
  await frame.click('#editor .cm-content');
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(json);
}

export async function text(frame, selector) {
  return ((await frame.textContent(selector)) ?? '').trim();
}

/** Sends a unary request in the open panel of `method` and checks the response and its time. */
export async function sendUnary(page, theme, method, json, expected) {
  const frame = await panelFrame(page, method);
  await setRequest(page, frame, json);
  await frame.click('#send');
  await waitFor('the call to end', async () => (await text(frame, '#call-state')).startsWith('ended'));
  assert.equal(await text(frame, '#call-state'), 'ended: OK');
  const body = await waitFor('the response body', async () => {
    const t = await text(frame, '#response-body');
    return expected.test(t) && t;
  }, 10_000);
  const elapsed = await text(frame, '#elapsed');
  assert.match(elapsed, /\d+(\.\d+)?\s*(µs|ms|s)/, `the call's time is shown: "${elapsed}"`);
  await screenshot(page, `${theme}-02-unary`);
  return body;
}

/** Opens Counter › Increment from the tree and calls it with 41. */
export async function unaryScenario(page, theme) {
  await treeRow(page, 'Increment').click();
  await sendUnary(page, theme, 'explorer.sample.v1.Counter/Increment', '{"value": "41"}', /"value":\s*"42"/);
}

/**
 * Opens Counter › IncrementStream (bidi: one reply per request), starts the stream, sends three
 * messages one at a time, checks the timeline interleaves sent and received rows with their times,
 * then ends the stream and sees the status.
 */
export async function bidiScenario(page, theme) {
  await treeRow(page, 'IncrementStream').click();
  const frame = await panelFrame(page, 'explorer.sample.v1.Counter/IncrementStream');
  await frame.click('#start');
  await waitFor('the stream to open', async () => /streaming/.test(await text(frame, '#call-state')));
  const values = [1, 5, 10];
  for (const [i, v] of values.entries()) {
    await setRequest(page, frame, `{"value": "${v}"}`);
    await frame.click('#send');
    await waitFor(`reply ${i + 1}`, async () => (await text(frame, '#counts')) === `sent ${i + 1} · received ${i + 1}`);
  }
  // By its text: vscode-tabs replaces the headers' ids (#tab-timeline) with its own (t1-h1…).
  await frame.locator('vscode-tab-header', { hasText: 'Timeline' }).click();
  const rows = await waitFor('the timeline rows', async () => {
    const r = await frame.$$eval('#timeline .trow', (els) => els.map((e) => ({ cls: e.className, text: e.textContent ?? '' })));
    return r.filter((x) => /k-(sent|received)/.test(x.cls)).length >= 6 && r;
  });
  const messages = rows.filter((r) => /k-(sent|received)/.test(r.cls));
  assert.deepEqual(messages.map((r) => (r.cls.includes('k-sent') ? 'sent' : 'received')), ['sent', 'received', 'sent', 'received', 'sent', 'received']);
  for (const r of messages) assert.match(r.text, /\d+(\.\d+)?\s*(µs|ms|s)/, `each row shows its time: "${r.text}"`);
  await screenshot(page, `${theme}-03-bidi-streaming`);
  await frame.click('#end');
  await waitFor('the status after End', async () => (await text(frame, '#call-state')).startsWith('ended'));
  assert.equal(await text(frame, '#call-state'), 'ended: OK');
  await screenshot(page, `${theme}-03-bidi-ended`);
}
