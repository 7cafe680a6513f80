/**
 * Host memory of the method panel for a long stream, in plain Node (no VS Code,
 * no webview): the panel's CallSession receives Streams.Generate from the
 * sample server (its own process) and posts progress to a sink that only
 * serializes it, as VS Code would.
 *   node --expose-gc --import tsx bench/panel/memory-bench.ts [count=1000000] [capMiB=160] [payloadSize=84]
 * (after `npm run build`). Prints one JSON line: messages/s, posts, and memory
 * (RSS, heap, array buffers) before and after, with the payload bytes held in
 * memory and spilled to the temp file, the per-event index, and the peak RSS (sampled every 250 ms).
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { Connection } from '../../src/core/connection';
import { loadSchema } from '../../src/core/schema/discover';
import type { CallEndedMessage } from '../../src/shared/protocol';
import { CallSession } from '../../src/host/call/call-session';

const ROOT = resolve(__dirname, '../..');
const count = Number(process.argv[2] ?? 1_000_000);
const capMiB = Number(process.argv[3] ?? 160);
const payloadSize = Number(process.argv[4] ?? 84);
const MiB = 1024 * 1024;

function memory() {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  const f = (n: number) => +(n / MiB).toFixed(1);
  return {
    rssMiB: f(m.rss),
    heapUsedMiB: f(m.heapUsed),
    externalMiB: f(m.external),
    arrayBuffersMiB: f(m.arrayBuffers),
  };
}

async function main() {
  const port = 50_000 + Math.floor(Math.random() * 10_000);
  const server = spawn(process.execPath, [join(ROOT, 'dist', 'sample-server.js'), '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((ok) => server.stdout.on('data', (d: Buffer) => d.toString().includes(String(port)) && ok()));
  try {
    const options = { address: `127.0.0.1:${port}`, transport: { kind: 'plaintext' as const } };
    const schema = await loadSchema(options, { kind: 'reflection' });
    const method = schema.services
      .flatMap((s) => s.methods)
      .find((m) => m.fullName === 'explorer.sample.v1.Streams/Generate')!;
    const connection = new Connection(options);
    const before = memory();
    // The peak, as the VS Code bench reads it (every 250 ms): growth is the peak minus the start.
    let peakRss = process.memoryUsage.rss();
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 250);
    let posts = 0;
    let postedBytes = 0;
    const ended = await new Promise<CallEndedMessage>((done) => {
      const session: CallSession = new CallSession({
        connection,
        root: schema.root,
        method,
        settings: () => ({ payloadMemoryCapBytes: capMiB * MiB, emitDefaults: false }),
        post: (m) => {
          posts++;
          postedBytes += JSON.stringify(m).length; // what crossing to the webview costs
          if (m.type === 'callEnded') done(m);
        },
      });
      session.start({
        type: 'start',
        requestId: 1,
        text: JSON.stringify({ count, payloadSize }),
        metadata: [],
        deadlineMs: null,
      });
      after = () => session;
    });
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    const session = after!();
    const rec = session.current!.call.recording;
    const store = rec.payloads as unknown as { memoryBytes: number; spilledBytes: number; indexBytes: number };
    const result = {
      received: ended.outcome.received,
      seconds: ended.outcome.durationUs / 1e6,
      perSec: Math.round(ended.outcome.received / (ended.outcome.durationUs / 1e6)),
      avgMessageBytes: +(rec.receivedBytes / Math.max(1, rec.receivedCount)).toFixed(1),
      posts,
      postedKiB: Math.round(postedBytes / 1024),
      capMiB,
      payloadInMemoryMiB: +(store.memoryBytes / MiB).toFixed(1),
      payloadSpilledMiB: +(store.spilledBytes / MiB).toFixed(1),
      indexMiB: +((rec.indexBytes + store.indexBytes) / MiB).toFixed(1),
      peakRssMiB: +(peakRss / MiB).toFixed(1),
      rssGrowthMiB: +((peakRss / MiB) - before.rssMiB).toFixed(1),
      memoryBefore: before,
      memoryAfter: memory(),
    };
    console.log(JSON.stringify(result));
    session.dispose();
    connection.close();
  } finally {
    server.kill();
  }
}
let after: (() => CallSession) | undefined;

main().then(
  () => process.exit(0),
  (e) => (console.error(e), process.exit(1)),
);
