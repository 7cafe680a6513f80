// The method panel's experiments in a real VS Code (dark theme): the latency runner on Counter/Increment
// (500 chained calls) and on Counter/IncrementStream (lock-step over one bidi stream), compared side by
// side in the kept runs; the backpressure lab on FlowControl/Stream with a slow consumer.
// Then latency inside a stream: three IncrementStream messages, and the round trips in the Timing tab.
// Screenshots: e2e-results/dark-10-runner.png, dark-11-runner-compare.png, dark-12-lab.png,
// dark-13-stream-latency.png.
import { test } from 'node:test';
import { workbenchSuite } from './suite.mjs';
import assert from 'node:assert/strict';
import { waitFor } from './harness.mjs';
import {
  clearNotifications,
  runCommand,
  screenshot,
  treeRow,
  treeRows,
  waitForNotification,
} from './workbench.mjs';
import { panelFrame, setRequest, text } from './panel-steps.mjs';

let page;
const { scenario } = workbenchSuite({ theme: 'Default Dark Modern', prefix: 'dark', onReady: (w) => ({ page } = w) });

/** Opens `Service/Method` of the sample target from the tree (expanding the service first when needed). */
async function openMethod(short) {
  const [service, name] = short.split('/');
  await clearNotifications(page);
  const row = treeRow(page, name);
  if (!(await row.isVisible())) await treeRow(page, service).click();
  await row.click();
  return panelFrame(page, `explorer.sample.v1.${short}`);
}

async function fill(frame, id, value) {
  await frame.locator(`#${id} input`).fill(value);
}

async function tab(frame, name) {
  await frame.locator('vscode-tab-header', { hasText: name }).click();
}

/** Rows of the kept-runs table as their cells' text. */
async function keptRuns(frame) {
  return frame.$$eval('#runs tbody tr', (rows) => rows.map((r) => [...r.children].map((c) => c.textContent ?? '')));
}

test('the runner: 500 chained Increment calls, then the same over one lock-step stream, compared', () =>
  scenario('runner', async () => {
    await runCommand(page, 'gRPC: Start Sample Server');
    await waitForNotification(page, /sample server running on 127\.0\.0\.1:\d+/);
    await waitFor('the sample target in the tree', async () =>
      (await treeRows(page)).some((r) => r.includes('Counter')),
    );

    const unary = await openMethod('Counter/Increment');
    await setRequest(page, unary, '{"value": "0"}');
    await tab(unary, 'Runner');
    await fill(unary, 'run-total', '500');
    await fill(unary, 'run-chain', '$.value');
    await unary.click('#run-start');
    const rows = await waitFor(
      'the kept run',
      async () => {
        const r = await keptRuns(unary);
        return r.length === 1 && r;
      },
      60_000,
    );
    assert.match(rows[0][0], /Increment · unary calls/);
    assert.equal(rows[0][3], '500');
    const stats = await text(unary, '#run-stats');
    assert.match(stats, /p50\d+\.\d{3} ms/, stats);
    assert.match(stats, /p99\.9\d+\.\d{3} ms/, stats);
    assert.match(stats, /OK 500/, stats);
    assert.match(stats, /"value":"500"/, 'the chain carried each reply into the next request');
    assert.match(await text(unary, '#run-overhead'), /runner limit: ≥ [\d,]+ calls\/s/);
    await screenshot(page, 'dark-10-runner');

    const stream = await openMethod('Counter/IncrementStream');
    await setRequest(page, stream, '{"value": "0"}');
    await tab(stream, 'Runner');
    assert.equal((await keptRuns(stream)).length, 1, 'the Increment run is listed in the IncrementStream panel too');
    await fill(stream, 'run-total', '500');
    await fill(stream, 'run-chain', '$.value');
    await stream.click('#run-mode-stream-lockstep');
    await stream.click('#run-start');
    const both = await waitFor(
      'the second kept run',
      async () => {
        const r = await keptRuns(stream);
        return r.length === 2 && r;
      },
      60_000,
    );
    assert.match(both[1][0], /IncrementStream · bidi stream, lock-step/);
    assert.equal(both[0][1], 'baseline');
    assert.match(both[1][1], /^\d+(\.\d+)?×$/, `the throughput ratio vs the first run: ${both[1][1]}`);
    await screenshot(page, 'dark-11-runner-compare');
  }));

test('the backpressure lab: 300 messages, a 10 ms consumer, a live chart and the explanation', () =>
  scenario('lab', async () => {
    const lab = await openMethod('FlowControl/Stream');
    await tab(lab, 'Lab');
    await fill(lab, 'lab-count', '300');
    await fill(lab, 'lab-delay', '10');
    await lab.click('#lab-start');
    await waitFor('the chart to draw', async () => (await lab.locator('#lab-chart canvas').count()) > 0, 20_000);
    // The in-editor sample server's own counter feeds "sent", and the explanation is there while it runs.
    await waitFor('the server counter', async () => /\(server counter\)/.test(await text(lab, '#lab-state')), 20_000);
    assert.match(await text(lab, '#lab-explain'), /In flight settles near \d+/);
    await waitFor('the lab to end', async () => /^Ended: OK/.test(await text(lab, '#lab-state')), 60_000);
    assert.match(await text(lab, '#lab-state'), /exact history from the server's send stamps, in flight peaked at \d+/);
    await screenshot(page, 'dark-12-lab');
  }));

test('latency inside a stream: three IncrementStream messages, then their round trips in the Timing tab', () =>
  scenario('stream-latency', async () => {
    const stream = await openMethod('Counter/IncrementStream');
    await tab(stream, 'Timing');
    await stream.click('#start');
    await waitFor('the stream to open', async () => /streaming/.test(await text(stream, '#call-state')));
    for (const [i, v] of [1, 5, 10].entries()) {
      await setRequest(page, stream, `{"value": "${v}"}`);
      await stream.click('#send');
      await waitFor(`reply ${i + 1}`, async () => (await text(stream, '#counts')) === `sent ${i + 1} · received ${i + 1}`);
    }
    await stream.click('#end');
    await waitFor('the call to end', async () => (await text(stream, '#call-state')) === 'ended: OK');
    const rtt = await waitFor('the round trip figures', async () => {
      const t = await text(stream, '#rtt-stats');
      return /Count3/.test(t) && t;
    });
    assert.match(rtt, /p50\d+\.\d{3} ms/, rtt);
    assert.match(rtt, /Max\d+\.\d{3} ms/, rtt);
    await waitFor('the round trip chart', async () => (await stream.locator('#rtt-chart canvas').count()) > 0);
    assert.match(await text(stream, '#oneway-problem'), /carries no send stamp/);
    // The gap figures reach the Timing tab, which was open before the call: the host posts them only while it shows.
    await waitFor('the gap figures of the three replies', async () => /Messages3/.test(await text(stream, '#stats')));
    await stream.locator('#rtt').scrollIntoViewIfNeeded();
    await screenshot(page, 'dark-13-stream-latency');
  }));
