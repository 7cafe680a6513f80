// The large-request figures of docs/CONFORMANCE.md ("Large requests"): peak RSS and wall time of
// `grpc-explorer call` sending one JSON request of --mb MB on stdin to the sample server's
// Types/Echo, measured by /usr/bin/time, in rounds that alternate the cases:
//   base      the same call with {} (what the CLI costs with no request to speak of)
//   accepted  a server whose limit takes it (--max-message-bytes), the CLI's raised with
//             --max-msg-size: the request is built, sent, echoed, decoded and printed (to /dev/null)
//   server    the sample server's default 4 MiB receive limit: built and sent, refused by the server
//   own       the CLI's default 4 MiB send limit: refused before anything is sent
// for each shape of request (--shape nested,int64,strings; nested by default: repeated messages of
// a few fields with a nested message each). Prints the machine, the load before each run and a
// Markdown table. Build first (npm run build).
//   node scripts/bench-large-request.mjs [--mb 50] [--rounds 3] [--shape nested,int64]
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { mb: { type: 'string' }, rounds: { type: 'string' }, shape: { type: 'string' } } });
const MB = Number(values.mb ?? 50);
const ROUNDS = Number(values.rounds ?? 3);
const SHAPES = (values.shape ?? 'nested').split(',');
const METHOD = 'explorer.sample.v1.Types/Echo';
const BIG = 4 * MB * 1e6; // a limit no request of this run reaches

/** A request of about `mb` MB of JSON text in one of the shapes. */
function request(shape, mb) {
  const parts = [];
  for (let i = 0, size = 0; size < mb * 1e6; i++) {
    const part =
      shape === 'nested'
        ? `{"name":"item-${i}","count":${i % 100000},"color":"COLOR_GREEN","inner":{"flag":true,"tags":["t${i % 97}","u"]}}`
        : shape === 'int64'
          ? String(1234567890123456789n + BigInt(i * 7919))
          : `"value number ${i} of a long list of strings"`;
    parts.push(part);
    size += part.length + 1;
  }
  const field = { nested: 'repeatedNested', int64: 'repeatedInt64', strings: 'repeatedString' }[shape];
  if (!field) throw new Error(`--shape ${shape}: expected nested, int64 or strings`);
  return `{"${field}":[${parts.join(',')}]}`;
}

function startServer(extra) {
  const child = spawn(process.execPath, [join(root, 'dist', 'sample-server.js'), '--port', '0', '--quiet', ...extra], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (\S+)/.exec(out);
      if (m) resolve({ address: m[1], stop: () => child.kill('SIGTERM') });
    });
    child.on('exit', (code) => reject(new Error(`the sample server exited (${code}) before listening`)));
  });
}

/** Runs the CLI under /usr/bin/time with `file` on stdin; peak RSS in MB, wall seconds, exit status. */
function measure(address, file, extra) {
  const input = openSync(file, 'r');
  try {
    const r = spawnSync('/usr/bin/time', ['-f', 'TIME %M %e', process.execPath, join(root, 'dist', 'cli.js'), 'call', '--plaintext', address, METHOD, '-d', '@', ...extra], {
      stdio: [input, 'ignore', 'pipe'],
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    const m = /TIME (\d+) ([\d.]+)/.exec(r.stderr);
    if (!m) throw new Error(`no /usr/bin/time line: ${r.stderr.slice(-400)}`);
    const error = /^ERROR: (.*)$/m.exec(r.stderr)?.[1] ?? '';
    return { rssMb: Number(m[1]) / 1024, wallS: Number(m[2]), exit: r.status, error };
  } finally {
    closeSync(input);
  }
}

const load = () => os.loadavg()[0].toFixed(1);
const dir = mkdtempSync(join(os.tmpdir(), 'bench-large-request-'));
const accepting = await startServer(['--max-message-bytes', String(Math.min(BIG, 2 ** 31 - 1))]);
const limited = await startServer([]);
try {
  console.log(`${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.version}; ${new Date().toISOString()}`);
  const files = {};
  const empty = join(dir, 'empty.json');
  writeFileSync(empty, '{}');
  for (const shape of SHAPES) writeFileSync((files[shape] = join(dir, `${shape}.json`)), request(shape, MB));
  const cases = [
    ['base', () => measure(accepting.address, empty, [])],
    ...SHAPES.flatMap((shape) => [
      [`${shape} accepted`, () => measure(accepting.address, files[shape], ['--max-msg-size', String(BIG)])],
      [`${shape} server`, () => measure(limited.address, files[shape], ['--max-msg-size', String(BIG)])],
      [`${shape} own`, () => measure(limited.address, files[shape], [])],
    ]),
  ];
  const rows = new Map(cases.map(([name]) => [name, []]));
  for (let round = 1; round <= ROUNDS; round++) {
    for (const [name, run] of cases) {
      const before = load();
      const r = { ...run(), load: before };
      rows.get(name).push(r);
      console.log(`round ${round} ${name}: ${r.rssMb.toFixed(0)} MB, ${r.wallS} s, exit ${r.exit}, load ${before}${r.error ? ` (${r.error.slice(0, 110)})` : ''}`);
    }
  }
  console.log(`\n| Case (${MB} MB of JSON; ${ROUNDS} rounds) | JSON bytes | Peak RSS per round (MB) | Wall per round (s) | Exit | Load (1 min) |`);
  console.log('|---|---|---|---|---|---|');
  for (const [name, rs] of rows) {
    const bytes = name === 'base' ? 2 : readFileSync(files[name.split(' ')[0]]).length;
    const list = (f) => rs.map(f).join(', ');
    console.log(`| ${name} | ${bytes.toLocaleString('en')} | ${list((r) => r.rssMb.toFixed(0))} | ${list((r) => r.wallS)} | ${[...new Set(rs.map((r) => r.exit))].join('/')} | ${list((r) => r.load)} |`);
  }
  console.log(`\nuptime: ${execFileSync('uptime', { encoding: 'utf8' }).trim()}`);
} finally {
  accepting.stop();
  limited.stop();
  rmSync(dir, { recursive: true, force: true });
}
