/**
 * A run's load as a k6 script (k6/net/grpc, k6 ≥ 0.49): `client.load` for
 * .proto files or `connect({ reflect: true })`, `client.invoke` per iteration
 * for calls, `grpc.Stream` for the stream modes, and a scenario matching the
 * plan: shared-iterations (count), constant-vus (duration) or
 * constant-arrival-rate (rate).
 */
import { compactJson, secretEnvName } from '../grpcurl';
import { parseFieldPath } from '../experiments/field-path';
import type { LoadPlan, LoadSpec } from '../experiments/types';
import type { LoadExport, LoadExportOptions } from './ghz';

const js = (v: unknown) => JSON.stringify(v);
const seconds = (ms: number) => `${Math.max(1, Math.ceil(ms / 1000))}s`;

/** The k6 scenario for a plan. */
function scenario(plan: LoadPlan, warnings: string[]): Record<string, unknown> {
  const vus = plan.concurrency;
  if (plan.rate !== undefined) {
    const durationMs = plan.durationMs ?? ((plan.total ?? 0) * 1000) / plan.rate;
    if (plan.total !== undefined && plan.durationMs !== undefined)
      warnings.push('k6 runs a rate for a duration: the count is left out');
    return {
      executor: 'constant-arrival-rate',
      rate: plan.rate,
      timeUnit: '1s',
      duration: seconds(durationMs),
      preAllocatedVUs: vus,
      maxVUs: vus,
    };
  }
  if (plan.total !== undefined) {
    return {
      executor: 'shared-iterations',
      vus,
      iterations: plan.total,
      ...(plan.durationMs !== undefined ? { maxDuration: seconds(plan.durationMs) } : {}),
    };
  }
  return { executor: 'constant-vus', vus, duration: seconds(plan.durationMs ?? 0) };
}

function connectParams(load: LoadSpec): { init: string[]; params: string; options: Record<string, unknown> } {
  const t = load.connection.transport;
  const reflect = !load.schema || load.schema.kind === 'reflection';
  const p: string[] = [];
  const init: string[] = [];
  const options: Record<string, unknown> = {};
  if (t.kind === 'plaintext') p.push('plaintext: true');
  else {
    const tls: string[] = [];
    if (t.caFile) tls.push(`cacerts: [open(${js(t.caFile)})]`);
    if (t.certFile) tls.push(`cert: open(${js(t.certFile)})`);
    if (t.keyFile) tls.push(`key: open(${js(t.keyFile)})`);
    if (tls.length) {
      init.push(`const tls = { ${tls.join(', ')} }; // open() works in the init context only`);
      p.push('tls');
    }
    if (t.serverName) p.push(`authority: ${js(t.serverName)}`);
    if (t.insecureSkipVerify) options['insecureSkipTLSVerify'] = true;
  }
  if (reflect) p.push('reflect: true');
  return { init, params: `{ ${p.join(', ')} }`, options };
}

function loadProtos(load: LoadSpec, warnings: string[]): string[] {
  const s = load.schema;
  if (!s || s.kind === 'reflection') return [];
  if (s.kind === 'protoset') {
    if (s.files.length > 1) warnings.push(`k6 loads one protoset; using ${s.files[0]}`);
    return [`client.loadProtoset(${js(s.files[0])});`];
  }
  return [`client.load(${js(s.importPaths ?? [])}, ${s.files.map(js).join(', ')});`];
}

/** `metadata: {...}`, secrets read from k6's environment (`k6 run -e AUTHORIZATION=...`). */
function params(load: LoadSpec, secretKeys: ReadonlySet<string>): string {
  const md = (load.metadata ?? []).map(([k, v]) => {
    const key = k.trim().toLowerCase();
    return `${js(key)}: ${secretKeys.has(key) ? `__ENV.${secretEnvName(key)}` : js(v)}`;
  });
  const parts = [
    ...(md.length ? [`metadata: { ${md.join(', ')} }`] : []),
    ...(load.deadlineMs !== undefined ? [`timeout: ${js(`${load.deadlineMs}ms`)}`] : []),
  ];
  return `{ ${parts.join(', ')} }`;
}

/** JavaScript accessing `path` on `root` (`$.a[0]` → `root["a"][0]`), for the chain. */
function access(root: string, path: string): string {
  return (
    root +
    parseFieldPath(path)
      .map((s) => `[${js(s)}]`)
      .join('')
  );
}

function body(load: LoadSpec, perStream: number): string[] {
  const chain = load.chain;
  // k6 decodes replies to proto3 JSON: the chain's field is read by its JSON name.
  const next = chain ? [`    ${access('request', chain)} = ${access('reply', chain)};`] : [];
  if (load.mode === 'calls') {
    return [
      '  const response = client.invoke(METHOD, request, params);',
      "  check(response, { 'status is OK': (r) => r && r.status === grpc.StatusOK });",
      ...(chain
        ? ['  if (response.status === grpc.StatusOK) {', '    const reply = response.message;', ...next, '  }']
        : []),
    ];
  }
  const lockstep = load.mode === 'stream-lockstep';
  return [
    `  const total = ${perStream};`,
    '  const stream = new grpc.Stream(client, METHOD, params);',
    '  let sent = 0;',
    "  stream.on('error', (e) => console.error(`stream error: ${e.message}`));",
    "  stream.on('data', (reply) => {",
    ...(lockstep
      ? ['    if (sent >= total) return stream.end();', ...next, '    stream.write(request);', '    sent++;']
      : []),
    '  });',
    ...(lockstep
      ? ['  stream.write(request);', '  sent++;']
      : ['  for (; sent < total; sent++) stream.write(request);', '  stream.end();']),
  ];
}

/** A k6 script that runs `load` again. */
export function k6Script(load: LoadSpec, opts: LoadExportOptions = {}): LoadExport {
  const warnings: string[] = [];
  const secret = new Set((opts.secretKeys ?? []).map((k) => k.toLowerCase()));
  const conn = connectParams(load);
  const streams = load.mode !== 'calls';
  const perStream = streams && load.plan.total !== undefined ? Math.ceil(load.plan.total / load.plan.concurrency) : 1;
  const plan: LoadPlan = streams ? { concurrency: load.plan.concurrency, total: load.plan.concurrency } : load.plan;
  if (streams)
    warnings.push('k6 reports one duration per stream iteration, not per message; compare throughput, not percentiles');
  if (streams && load.plan.total === undefined)
    warnings.push('k6 streams here send one message each: give the run a count to carry it over');
  if (streams && (load.plan.rate !== undefined || load.plan.durationMs !== undefined)) {
    warnings.push(
      "a stream's message rate and duration are not carried over: each VU's stream sends its share as fast as k6 can",
    );
  }
  const options = { ...conn.options, scenarios: { load: scenario(plan, warnings) } };
  const lines = [
    `// ${load.method} @ ${load.connection.address}: ${load.mode}, exported by gRPC Explorer.`,
    "import grpc from 'k6/net/grpc';",
    "import { check } from 'k6';",
    '',
    'const client = new grpc.Client();',
    ...loadProtos(load, warnings),
    ...conn.init,
    `const METHOD = ${js(load.method)};`,
    `const params = ${params(load, secret)};`,
    `export const options = ${JSON.stringify(options, null, 2)};`,
    '',
    `let request = ${compactJson(load.request)};`,
    '',
    'export default () => {',
    `  if (__ITER === 0) client.connect(${js(load.connection.address)}, ${conn.params});`,
    ...body(load, perStream),
    '};',
    '',
  ];
  return { text: lines.join('\n'), warnings };
}
