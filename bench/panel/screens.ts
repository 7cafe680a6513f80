/**
 * Screenshots of the method panel in the dev harness (dark and light):
 *   npx tsx bench/panel/screens.ts [outDir]
 * Needs `npm run build` (dist/webview) and `npm run setup:e2e` (Chromium, playwright-core).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openHarness, type Harness } from './harness';

const out = process.argv[2] ?? 'e2e-results/panel-dev';
mkdirSync(out, { recursive: true });
const shot = (h: Harness, name: string) => h.page.screenshot({ path: join(out, `${name}.png`) });
/** Waits until the text of `selector` passes `test` (a regular expression source; evaluated by the page's own code, not eval: the CSP forbids eval). */
const until = async (h: Harness, selector: string, test: string) =>
  h.page.waitForFunction(
    ([sel, re]: [string, string]) => new RegExp(re).test(document.querySelector(sel)?.textContent ?? ''),
    [selector, test],
    { timeout: 15_000 },
  );

const INTERACTIVE = new Set([
  'button',
  'checkbox',
  'textbox',
  'radio',
  'option',
  'listbox',
  'tab',
  'searchbox',
  'spinbutton',
  'combobox',
  'switch',
]);

/** Every control the accessibility tree shows must have a name (Chromium's own computation, through CDP). */
async function auditNames(h: Harness, where: string): Promise<void> {
  const cdp = await h.page.context().newCDPSession(h.page);
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  const controls = nodes.filter((n: any) => !n.ignored && INTERACTIVE.has(n.role?.value));
  const unnamed = controls.filter((n: any) => !String(n.name?.value ?? '').trim());
  if (unnamed.length) throw new Error(`${where}: ${unnamed.length} controls without an accessible name`);
  console.log(`${where}: ${controls.length} controls, all named`);
}

async function unary(theme: 'dark' | 'light') {
  const h = await openHarness('explorer.sample.v1.Counter/Increment', { theme });
  await shot(h, `unary-${theme}-initial`);
  await h.page.click('#add-metadata');
  await auditNames(h, 'unary panel');
  await h.page.click('#editor .cm-content');
  await h.page.keyboard.press('Control+a');
  await h.page.keyboard.type('{"value": "41"');
  await h.page.keyboard.press('Control+Enter');
  await until(h, '#call-state', '^ended');
  await shot(h, `unary-${theme}-response`);
  await h.page.click('#editor .cm-content');
  await h.page.keyboard.press('Control+a');
  await h.page.keyboard.type('{"value": "x1"');
  await h.page.waitForTimeout(1200);
  await shot(h, `unary-${theme}-invalid`);
  await h.close();
}

/** Completion offers the request type's field names, then an enum's values. */
async function completion() {
  const h = await openHarness('explorer.sample.v1.Types/Echo');
  await h.page.click('#editor .cm-content');
  await h.page.keyboard.press('Control+a');
  await h.page.keyboard.press('Delete');
  await h.page.keyboard.type('{"col');
  await h.page.keyboard.press('Control+Space');
  await h.page.waitForSelector('#editor .cm-tooltip-autocomplete li');
  const fields = await h.page.locator('#editor .cm-tooltip-autocomplete li').allTextContents();
  await shot(h, 'completion-fields');
  await h.page.keyboard.press('Escape');
  await h.page.keyboard.press('Control+a');
  await h.page.keyboard.press('Delete');
  await h.page.keyboard.type('{"color": "');
  await h.page.keyboard.press('Control+Space');
  await h.page.waitForSelector('#editor .cm-tooltip-autocomplete li');
  const values = await h.page.locator('#editor .cm-tooltip-autocomplete li').allTextContents();
  await shot(h, 'completion-enum');
  console.log(`completion: fields ${fields.join(', ')}; values ${values.join(', ')}`);
  if (!values.some((v: string) => v.includes('COLOR_'))) throw new Error('enum values were not offered');
  await h.close();
}

async function serverStream() {
  const h = await openHarness('explorer.sample.v1.Streams/Generate');
  await h.page.click('#editor .cm-content');
  await h.page.keyboard.press('Control+a');
  await h.page.keyboard.type('{"count": 5000, "payloadSize": 20, "text": "hello"');
  await h.page.click('#send');
  await until(h, '#call-state', '^ended');
  await h.page.waitForTimeout(300);
  await shot(h, 'stream-timeline-end');
  await h.page.click('#follow');
  await h.page.click('#timeline');
  await h.page.keyboard.press('Home');
  await h.page.keyboard.press('ArrowDown');
  await h.page.keyboard.press('ArrowDown');
  await h.page.keyboard.press('ArrowDown');
  await h.page.waitForTimeout(300);
  await shot(h, 'stream-timeline-selected');
  await h.page.click('#tab-timing');
  await h.page.waitForTimeout(500);
  await shot(h, 'stream-timing');
  await h.close();
}

async function bidi() {
  const h = await openHarness('explorer.sample.v1.Streams/BidiSync', { theme: 'light' });
  await h.page.click('#start');
  await until(h, '#call-state', '^streaming$');
  for (const v of [1, 2, 3]) {
    await h.page.click('#editor .cm-content');
    await h.page.keyboard.press('Control+a');
    await h.page.keyboard.type(`{"value": "${v}", "text": "msg ${v}"`);
    await h.page.keyboard.press('Control+Enter');
    await until(h, '#counts', `received ${v}$`);
  }
  await h.page.click('#end');
  await until(h, '#call-state', '^ended');
  await h.page.waitForTimeout(300);
  await shot(h, 'bidi-light-timeline');
  await auditNames(h, 'bidi panel');
  await h.close();
}

async function main() {
  for (const step of [() => unary('dark'), () => unary('light'), completion, serverStream, bidi]) await step();
  console.log(`screenshots in ${out}`);
}
main().then(
  () => process.exit(0),
  (e) => (console.error(e), process.exit(1)),
);
