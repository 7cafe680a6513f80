import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runLoad } from '../experiments/load-loop';
import type { RunResult } from '../experiments/types';
import { runFromJson, runsSummaryCsv, runToCsv, runToJson } from './run-export';

async function fakeRun(): Promise<RunResult> {
  let i = 0;
  const r = await runLoad(
    { total: 5, concurrency: 1 },
    async () => ({ code: i++ === 3 ? 14 : 0, message: 'down, try later', responses: [] }),
    {
      label: 'unary, "quoted", label',
    },
  );
  return {
    ...r,
    load: {
      connection: { address: 'h:1', transport: { kind: 'plaintext' } },
      method: 'a.B/C',
      methodKind: 'unary',
      request: '{}',
      mode: 'calls',
      plan: { total: 5, concurrency: 1 },
      metadata: [
        ['authorization', 'Bearer s3cret'],
        ['x-tenant', 'blue'],
      ],
    },
  };
}

test('JSON export round-trips a run, samples included, with secrets redacted', async () => {
  const run = await fakeRun();
  const text = runToJson(run, { secretKeys: ['Authorization'] });
  assert.ok(!text.includes('s3cret'));
  const back = runFromJson(text);
  assert.equal(back.count, 5);
  assert.deepEqual(back.statusCodes, { OK: 4, UNAVAILABLE: 1 });
  assert.deepEqual([...back.samples.latencyUs], [...run.samples.latencyUs]);
  assert.deepEqual([...back.samples.code], [0, 0, 0, 14, 0]);
  assert.deepEqual(back.load?.metadata, [
    ['authorization', '<redacted>'],
    ['x-tenant', 'blue'],
  ]);
  assert.equal(back.latency.p999Us, run.latency.p999Us);
  const summaryOnly = runFromJson(runToJson(run, { samples: false }));
  assert.equal(summaryOnly.samples.length, 0);
  assert.equal(summaryOnly.samples.truncated, true);
  assert.throws(() => runFromJson('{"count": 1}'), /not a gRPC Explorer run export/);
  assert.throws(() => runFromJson('{"format": "grpc-explorer.run", "version": 99}'), /newer than this version reads/);
});

test('CSV: one row per call with its status name; one row per run to compare', async () => {
  const run = await fakeRun();
  const rows = runToCsv(run).trim().split('\n');
  assert.equal(rows[0], 'index,start_ms,latency_us,code,status');
  assert.equal(rows.length, 6);
  assert.match(rows[4]!, /^3,[\d.]+,[\d.]+,14,UNAVAILABLE$/);
  const summary = runsSummaryCsv([run, run]).trim().split('\n');
  assert.equal(summary.length, 3);
  assert.match(
    summary[0]!,
    /^label,mode,unit,count,ok,errors,concurrency,elapsed_ms,throughput_per_s,min_us,.*,p999_us,max_us,status_codes$/,
  );
  assert.ok(summary[1]!.startsWith('"unary, ""quoted"", label",calls,call,5,4,1,1,'));
  assert.ok(summary[1]!.endsWith(',OK=4 UNAVAILABLE=1'));
});
