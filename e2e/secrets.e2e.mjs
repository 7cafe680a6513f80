// A secret metadata value in a real VS Code (code-server): typed once in Connect and marked secret, it
// goes with every call (the server sees it), yet the webview's persisted state, the exports, the
// clipboard's ghz command and the logs never hold it. The persisted state is read back where VS Code
// keeps it: code-server's workbench stores it (editor mementos, extension state, SecretStorage) in the
// browser's IndexedDB; the server side writes logs and files under its user-data dir.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { extensionLog, waitFor } from './harness.mjs';
import { startRecordingServer } from './recording-server.mjs';
import { workbenchSuite } from './suite.mjs';
import { connectPlaintext, runCommand, screenshot, treeRow, treeRows } from './workbench.mjs';
import { panelFrame, setRequest, text } from './panel-steps.mjs';

const SECRET = `s3cret-${randomBytes(8).toString('hex')}`;
const REF = '${secret:authorization}';
const METHOD = 'explorer.sample.v1.Counter/Increment';
let server, cs, page;
before(async () => (server = await startRecordingServer()));
after(() => server?.stop());
const { scenario } = workbenchSuite({ theme: 'Default Dark Modern', prefix: 'secrets', onReady: (w) => ({ cs, page } = w) });

/** Request metadata of the calls the server received for `path`, newest last. */
const received = (path) => server.calls.filter((c) => c.method === path).map((c) => c.metadata);

/** The panel's metadata rows as [key, value] (what the text fields hold). */
const metadataRows = (frame) =>
  frame.$$eval('#metadata .metadata-row', (rows) =>
    rows.map((r) => [r.querySelector('.md-key').value, r.querySelector('.md-value').value]),
  );

/** Types into the text field of row `n` (1-based), `part` 'key' or 'value', replacing what is there. */
const fillRow = (frame, n, part, value) => frame.locator(`#metadata .metadata-row:nth-child(${n}) .md-${part} input`).fill(value);

/** Accepts the file the save dialog suggests (code-server's dialog is a quick input holding the path). */
async function acceptSaveDialog() {
  await page.locator('.quick-input-widget .quick-input-box input').waitFor({ state: 'visible', timeout: 20_000 });
  await page.keyboard.press('Enter');
}

/** Every entry of every IndexedDB database of the workbench's origin, as `{ db, store, key, value }` text. */
function readIndexedDb() {
  return page.evaluate(async () => {
    const text = (v) => (v instanceof Uint8Array || v instanceof ArrayBuffer ? new TextDecoder().decode(v) : typeof v === 'string' ? v : JSON.stringify(v));
    const out = [];
    for (const { name } of await indexedDB.databases()) {
      const db = await new Promise((res, rej) => {
        const r = indexedDB.open(name);
        r.onsuccess = () => res(r.result);
        r.onerror = () => rej(r.error);
      });
      for (const store of db.objectStoreNames) {
        const tx = db.transaction(store, 'readonly').objectStore(store);
        const [keys, values] = await Promise.all([tx.getAllKeys(), tx.getAll()].map((q) => new Promise((res) => (q.onsuccess = () => res(q.result)))));
        keys.forEach((k, i) => out.push({ db: name, store, key: String(k), value: text(values[i]) }));
      }
      db.close();
    }
    return out;
  });
}

/** Paths of the files under `dir` whose bytes contain `needle` (UTF-8 or UTF-16). */
function filesHolding(dir, needle) {
  const hits = [];
  const forms = [Buffer.from(needle, 'utf8'), Buffer.from(needle, 'utf16le')];
  const walk = (d) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      const st = statSync(p, { throwIfNoEntry: false });
      if (!st) continue;
      if (st.isDirectory()) walk(p);
      else if (st.isFile() && st.size < 64 * 1024 * 1024 && forms.some((f) => readFileSync(p).includes(f))) hits.push(p);
    }
  };
  walk(dir);
  return hits;
}

test('Connect with a metadata value marked secret: the panel shows a reference, the call carries the value', () =>
  scenario('connect-call', async () => {
    // authorization is offered as secret already: the secret step is accepted as offered.
    await connectPlaintext(page, server.address, { metadata: `authorization: Bearer ${SECRET}, x-tenant: acme`, secretStep: true });
    await waitFor('Counter in the tree', async () => (await treeRows(page)).some((r) => r.includes('Counter')));
    await treeRow(page, 'Counter').click();
    await treeRow(page, 'Increment').click();
    const frame = await panelFrame(page, METHOD);
    assert.deepEqual(await metadataRows(frame), [['authorization', REF], ['x-tenant', 'acme']], 'the webview got a reference, not the value');

    // Edit every kind of row: the webview saves all rows into its state on each change.
    await fillRow(frame, 2, 'value', 'acme-2');
    await frame.click('#add-metadata');
    await fillRow(frame, 3, 'key', 'x-note');
    await fillRow(frame, 3, 'value', 'edited');
    await setRequest(page, frame, '{"value": "41"}');
    await frame.click('#send');
    await waitFor('the call to end', async () => (await text(frame, '#call-state')).startsWith('ended'));
    assert.equal(await text(frame, '#call-state'), 'ended: OK');
    const md = received(`/${METHOD}`).at(-1);
    assert.deepEqual([md?.authorization, md?.['x-tenant'], md?.['x-note']], [[`Bearer ${SECRET}`], ['acme-2'], ['edited']], 'the server saw the secret value and the edited rows');
    assert.deepEqual(await metadataRows(frame), [['authorization', REF], ['x-tenant', 'acme-2'], ['x-note', 'edited']]);
    await screenshot(page, 'secrets-01-reference');
  }));

test('the exports and the ghz command of a run hold the reference or a placeholder, never the value', () =>
  scenario('exports', async () => {
    const frame = await panelFrame(page, METHOD);
    await frame.click('#export-jsonl');
    await acceptSaveDialog();
    const notice = await waitFor('the export notice', async () => /Exported \d+ events to (.+)$/.exec(await text(frame, '#notice'))?.[1]);
    assert.ok(!readFileSync(notice, 'utf8').includes(SECRET), `${notice} holds no secret`);

    await frame.locator('vscode-tab-header', { hasText: 'Runner' }).click();
    await frame.locator('#run-total input').fill('5');
    await frame.click('#run-start');
    await waitFor('the kept run', async () => (await frame.$$eval('#runs tbody tr', (r) => r.length)) === 1, 60_000);
    assert.equal(received(`/${METHOD}`).filter((m) => m.authorization?.[0] === `Bearer ${SECRET}`).length, 6, 'each run call carried the secret');
    await frame.click('#run-copy-ghz');
    const ghz = await waitFor('the ghz command on the clipboard', async () => {
      const c = await page.evaluate(() => navigator.clipboard.readText());
      return c.startsWith('ghz') && c;
    });
    assert.ok(!ghz.includes(SECRET), ghz);
    assert.match(ghz, /"authorization\\":\\"\$AUTHORIZATION\\"/, 'the ghz command reads the secret from the environment');
    await frame.click('#run-export-json');
    await acceptSaveDialog();
    const runFile = await waitFor('the run export notice', async () => /(?:Exported|Saved|Wrote).* to (\S+\.json)/.exec(await text(frame, '#notice'))?.[1]);
    const run = readFileSync(runFile, 'utf8');
    assert.ok(!run.includes(SECRET), `${runFile} holds no secret`);
    assert.ok(run.includes('x-tenant'), `${runFile} holds the run's metadata rows`);
  }));

test('after a reload, the persisted state holds the reference and the edited rows, and no file or log holds the value', () =>
  scenario('persisted', async () => {
    await runCommand(page, 'Developer: Reload Window'); // the workbench writes the panels' state on shutdown
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    const tab = page.locator('.tabs-container .tab', { hasText: /^Counter\.Increment$/ }).first();
    await tab.waitFor({ timeout: 60_000 });
    await tab.click();
    const frame = await panelFrame(page, METHOD);
    await waitFor('the restored rows', async () => JSON.stringify(await metadataRows(frame)) === JSON.stringify([['authorization', REF], ['x-tenant', 'acme-2'], ['x-note', 'edited']]));

    const entries = await readIndexedDb();
    const holding = (s) => entries.filter((e) => e.value.includes(s) || e.key.includes(s));
    assert.ok(holding('x-note').some((e) => e.value.includes(REF)), 'the panel state with its rows was found in IndexedDB');
    const leaks = holding(SECRET).filter((e) => !e.key.startsWith('secret://'));
    assert.deepEqual(leaks.map((e) => `${e.db}/${e.store}/${e.key}`), [], 'no stored entry but SecretStorage holds the value');
    assert.deepEqual(filesHolding(cs.base, SECRET), [], 'no file of code-server, the extension or the workspace holds the value');
    assert.ok(!extensionLog(cs.user).includes(SECRET), 'the extension log does not hold the value');

    // The reference still works after the reload: the restored target took the value from SecretStorage.
    await setRequest(page, frame, '{"value": "1"}');
    await frame.click('#send');
    await waitFor('the call to end', async () => (await text(frame, '#call-state')) === 'ended: OK');
    assert.deepEqual(received(`/${METHOD}`).at(-1)?.authorization, [`Bearer ${SECRET}`]);
  }));
