/**
 * The headless side of `npm run bench:vscode`: one `Streams.Generate` call through the core call
 * engine (startCall, recording and payloads kept, as the panel's host does), against the same
 * sample server process the code-server run uses. Prints one JSON line:
 *   node --import tsx bench/vscode/headless-stream.ts ADDRESS COUNT PAYLOAD_SIZE
 * Its rate is the engine's own (received ÷ the outcome's duration), the same figure the panel's
 * callEnded carries, so the two are comparable.
 */
import { startCall } from '../../src/core/call/engine';
import { EventKind } from '../../src/core/call/types';
import { Connection } from '../../src/core/connection';
import { codecFor } from '../../src/core/json/codec';
import { loadSchema } from '../../src/core/schema/discover';

const METHOD = 'explorer.sample.v1.Streams/Generate';
const [address, countArg, payloadArg] = process.argv.slice(2);
if (!address) throw new Error('usage: headless-stream.ts ADDRESS COUNT PAYLOAD_SIZE');
const count = Number(countArg ?? 100_000);
const payloadSize = Number(payloadArg ?? 84);

async function main() {
  const options = { address: address!, transport: { kind: 'plaintext' as const } };
  const schema = await loadSchema(options, { kind: 'reflection' });
  const method = schema.services.flatMap((s) => s.methods).find((m) => m.fullName === METHOD);
  if (!method) throw new Error(`${address} does not list ${METHOD}`);
  const conn = new Connection(options);
  const request = codecFor(schema.root, method.requestType).encodeJson(JSON.stringify({ count, payloadSize }));
  const rssBefore = process.memoryUsage().rss;
  const call = startCall(conn, method, { request });
  const outcome = await call.done;
  const rec = call.recording;
  // The first and last messages' seq, decoded after the clock stopped: the same stream, end to end.
  const response = codecFor(schema.root, method.responseType);
  const seqOf = (i: number) => {
    const bytes = rec.payload(i);
    return bytes ? (response.decode(bytes) as { seq?: string }).seq : undefined;
  };
  let first = -1;
  let last = -1;
  for (let i = 0; i < rec.length && first < 0; i++) if (rec.kindAt(i) === EventKind.Received) first = i;
  for (let i = rec.length - 1; i >= 0 && last < 0; i--) if (rec.kindAt(i) === EventKind.Received) last = i;
  conn.close();
  console.log(
    JSON.stringify({
      code: outcome.codeName,
      received: outcome.received,
      seconds: outcome.durationUs / 1e6,
      perSec: outcome.received / (outcome.durationUs / 1e6),
      firstSeq: seqOf(first),
      lastSeq: seqOf(last),
      rssGrowthMiB: +((process.memoryUsage().rss - rssBefore) / 2 ** 20).toFixed(1),
    }),
  );
}

main().then(
  () => process.exit(0),
  (e) => (console.error(e), process.exit(1)),
);
