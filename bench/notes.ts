/** The fixed prose of BENCHMARKS.md: how the figures are taken and how to read them. */
export const NOTES = `### How it is measured

- **Two processes.** \`dist/bench.js\` forks itself with \`--serve-sample-server\`: the sample server
  (\`startSampleServer\`, 127.0.0.1, port 0, plaintext) runs in that child, the clients in the parent.
  On a 2-core machine each side gets about one core, and the server's work (answering 10,000 calls,
  serialising a million messages) is not charged to the client's event loop. "Server busy" is the
  share of one core the server process used over a comparison (both sides' runs together): near
  100 %, the server set the pace and the ratio says little about the clients.
- **Side by side, alternated.** Each comparison first runs both sides once untimed (a tenth of the
  work for calls, a twentieth for the stream) so both are compiled and connected. Then each round
  runs both, A then B in odd rounds and B then A in even ones, so a slow stretch of the machine or
  leftover garbage from the previous run hits both alike. The ratio is subject ÷ baseline
  throughput **per round**; the figure is the median of those ratios. Absolute figures are medians
  of the rounds. Client CPU is \`process.cpuUsage()\` (user + system) per call or message; it is
  less disturbed by other load than wall time and shows where the client's cost goes.
- **Unary.** 10,000 dependent \`Counter.Increment\` calls: each request carries the previous
  answer, so calls go strictly one at a time and the final value is checked (10,000).
  *Core*: the JSON codec encodes the request text, \`startCall\` runs it with its recording, the
  reply is decoded back to canonical JSON; measured with message bytes kept (the engine's default,
  what the panel uses) and timing-only (what \`grpc-explorer call\` uses).
  *Runner*: the latency runner (\`runMethodLoad\`, what \`grpc-explorer bench\` and the panel's Runner
  tab use) with \`--chain '$.value'\`: HDR histogram, per-call samples, unary calls on grpc-js's unary
  path (the reply is stamped in its callback), the chained field copied in binary.
  *Static*: the stub \`grpc.loadPackageDefinition(protoLoader.loadSync(...))\` generates, with
  \`longs: String\`, the way application code calls a service.
- **Server stream.** \`Streams.Generate {count: 1000000}\` (small \`Item\` messages).
  *Core*: the engine with event recording on: every message stamped, sized and its bytes kept in
  the recording's arena (the panel pages through them later and decodes only the rows on screen).
  *Baseline*: raw grpc-js \`makeServerStreamRequest\` with proto-loader's (protobufjs) deserializer,
  so each message is decoded into an object. That is the realistic baseline: every real client
  decodes what it receives; one that only counted frames would be a floor no program reaches.
- **Command line on a stream.** Whole processes, timed from spawn to exit, stdout into a temp file
  whose lines are counted and whose last line must be message 1,000,000:
  \`grpc-explorer call --plaintext ADDR explorer.sample.v1.Streams/Generate -d '{"count":1000000}'\`
  (reflection included), plain and with \`--timing\` (one stderr line per event, to a file too),
  against \`bench/minimal-json-client.mjs\`: grpc-js + proto-loader writing one \`JSON.stringify\`
  line per message, what a person would write. Client CPU is the child's own \`process.cpuUsage()\`,
  reported on exit. The CLI writes the lines of one event-loop turn in one \`write\` (one per line
  was a fifth of its time).
- **Sample server vs the seeds' Python server.** \`bench/python-increment-server.py\` is the seeds'
  grpcio Increment server (Increment; CountUp, a server stream counting up) on Debian's
  \`python3-grpcio\` (\`apt-get install -y python3-grpcio python3-protobuf\`; it runs with
  \`/usr/bin/python3\`, or \`GRPC_EXPLORER_BENCH_PYTHON\`). It serves them under the sample server's
  names and messages, so the very same client calls both: the static grpc-js client for the
  10,000 dependent calls, and for the stream the call engine with its recording, what the panel
  receives with. No client the project ships is much faster: per message, grpc-js's receive path
  is nearly all of the cost (raw grpc-js's Readable stream, the channel's own call with a listener
  and no Readable, and the engine timing-only were within 10 % of it in CPU per message). The
  stream has 200,000 messages: the Python server sends 10,000–14,000 a second.
- **Panel search.** The method panel host's search (RowIndex over a recording, as CallRun wires it)
  through 1,000,000 recorded \`Item\`s (bytes in the arena, every 1,000th with a text), in one
  process with no server: text that can only sit inside a string value (\`order #500000 \`) is
  decided on each message's bytes and only the few byte hits are decoded; a number (\`500001\`) is
  decided on the wire form (integers compared as the decimals JSON prints, without printing them)
  and only the messages that may hold it are decoded; a quoted number (\`"500001"\`) needs every
  message decoded to JSON, which is what its time is.
- **Recording costs.** \`CallRecording.record\` in a tight loop, 1,000,000 received messages into a
  fresh recording (array growth included), with and without keeping the 24-byte payloads; the
  clock read alone (\`performance.now()\`); and the setup plus seven events of one unary call, the
  per-call share of the unary comparison.

### Reading the figures

- **CPU-cost ratio** is the baseline's client CPU per call (or message) divided by the subject's:
  the same question as the ratio, asked of the client's own cost, so it moves less with the
  neighbours' load. Below 1, the core spends more CPU than the baseline on the same work.
- **Where the unary gap comes from.** Per call, the core pays for its recording (the
  "Recording of one unary call" rows: a handful of small typed arrays; an arena only when payloads
  are kept) and for the JSON codec (text → bytes → canonical JSON, against proto-loader's
  object → bytes → object). Unary calls take grpc-js's unary path (the reply is recorded by the
  deserializer as it arrives), not the server-streaming path and its Readable stream. In a CPU
  profile of the whole call (not a tight loop), the codec was about 7 % of the core client's CPU
  (its encoder allocates each message with \`Buffer.allocUnsafeSlow\`), the engine and recording
  about 6 %, the bench loop 1 %; the rest is grpc-js and Node's HTTP/2, as for the static client.
  Against a round trip of about 500 µs on this machine, each 25 µs costs about 5 % of the ratio.

- The machine is shared and virtual: rerunning moves the absolute figures by 10 % or more, and a
  busy neighbour shows up as rounds whose ratios disagree (see "Each round"). The ratios are the
  result; the absolute numbers say what order of magnitude to expect.
- Run it: \`npm run bench\` (about 12 minutes). \`node dist/bench.js --only unary-sequential --rounds 3\`
  runs one figure without touching this file; \`--scale 0.05\` is a quick smoke run of the harness.
- Add a figure: write a \`Comparison\` or \`Measurement\` (bench/harness.ts) and append it to
  \`SUITES\` in bench/suites.ts; the tables pick it up.
`;
