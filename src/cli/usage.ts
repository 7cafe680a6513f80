/** The text `grpc-explorer --help` prints, and usage errors print after their message. */
export const USAGE = `Usage: grpc-explorer <command> [flags] <target> [args]

Commands:
  list     <target>                         Services the server offers, one per line
  describe <target> [symbol]                A service, method or message as proto text
                                            (every service when no symbol is given)
  call     <target> <pkg.Service/Method>    Call a method; prints each response as one JSON line
  bench    <target> <pkg.Service/Method>    Call it many times; prints throughput and latency
  flow     <target> <pkg.Service/Method>    Read a server stream slowly; shows flow control at work
  compare  run1.json run2.json [...]        Runs saved by bench --export-json, side by side
  run      FILE_OR_DIR [...]                The gRPC requests of .http files, in order, with their
                                            ?? assertions; a summary, and JUnit for CI

<target> is host:port, e.g. localhost:50051. Connections use TLS and the system's
trusted roots unless you pass --plaintext: most local development servers need it.

Connection (every command):
  --plaintext                  No TLS: plain HTTP/2 (what most local dev servers speak)
  --tls                        Use TLS (the default; only to say it explicitly)
  --cacert FILE                Trust server certificates signed by this CA (PEM)
  --cert FILE --key FILE       Client certificate and key for mutual TLS (PEM)
  --servername NAME            Verify the certificate against NAME, also sent as :authority
  --insecure-skip-verify       TLS without checking the certificate (self-signed dev servers)
  -H, --header 'key: value'    Request metadata, also sent to reflection (repeatable)
  --connect-timeout 5s         Fail if no connection is ready within this time
  --max-msg-size BYTES         Largest message sent or received (default 4MiB)
  --gzip                       Compress requests with gzip
  --window BYTES               HTTP/2 flow-control window (grpc-node.flow_control_window)

Schema (every command; server reflection unless --proto or --protoset):
  --reflection v1|v1alpha|auto Reflection protocol (default auto: v1, then v1alpha)
  --proto FILE                 Read .proto source instead of asking the server (repeatable)
  --import-path DIR            Where imports of --proto files are found (repeatable)
  --protoset FILE              Compiled descriptors: protoc --include_imports -o FILE (repeatable)

call:
  -d, --data JSON              Request message(s) as JSON; several objects for a client stream.
                               Without -d, one empty message {} is sent.
  -d @                         Read requests from stdin, one JSON message per line, each sent
                               as soon as it is read; end of input (Ctrl-D) closes the stream.
                               Unary and server-streaming methods read exactly one message.
  --deadline 5s                Give up after this long (us, ms, s, m, h); no deadline by default
  --emit-defaults              Print fields that hold their default value too
  --timing                     Print the call's events to stderr, one JSON line each
  -v, --verbose                Print response headers and trailers to stderr
  --latency                    After the call, print latency on stderr: bidi round trips
                               (request i paired with reply i), gaps between replies, and
                               one-way delays when replies carry a send stamp
  --pair '$.id'                Pair requests and replies by this field instead of by order;
                               '$.seq=$.request_seq' when the two sides name it differently
  --stamp '$.field'            The replies' send time (int64 µs since the epoch or a Timestamp);
                               default: server_send_unix_micros when the reply type has it

bench:
  -d, --data JSON              The request every call sends (default {})
  -n N                         Total calls (default 200; unlimited with --duration)
  -c C                         Calls in flight at once (default 1: one after another)
  --duration 10s               Stop starting calls after this long
  --rate R                     Start at most R calls per second in total
  --deadline 5s                Deadline of each call
  --chain '$.field'            Copy this field of each response into the next request
  --mode calls|pipelined|lockstep
                               calls (default): one call per request. For bidi methods,
                               pipelined: -n messages over one stream (per -c), written
                               without waiting, reply i paired with request i; lockstep: each
                               message written when the previous reply has arrived
  --label TEXT                 The run's name in exports and compare
  --json                       Print one JSON summary instead of the table
  --overhead                   First measure what the runner alone can drive (an instant
                               server in this process, ~1 s) and print it beside the result
  --export-json FILE           Save the run (summary and every sample) for compare
  --export-csv FILE            Save one row per call or message (start, latency, status)
  --ghz / --k6                 Print the same load as a ghz command / a k6 script and exit
                               without running it (what they cannot reproduce goes to stderr)
  On a terminal a progress line shows on stderr; Ctrl-C stops the run, prints what was
  measured so far and exits 130.

flow (the backpressure lab; server-streaming or bidi methods):
  -d, --data JSON              The request (bidi: the first message), e.g. '{"count": 300}'
  --delay 100ms                The consumer's time per message (default 0: as they arrive)
  --window BYTES               The client's HTTP/2 window (default 65,535)
  --ack                        Bidi: send {"ack":{"seq":N}} after processing message N
  --interval 100ms             One sample line this often (default 100ms)
  --pause-after N --pause-for 2s
                               Stop reading after N processed messages, for this long, once
  --json                       JSON lines: one per sample, then one with the result
  --export-json FILE           Save the run: samples and every message's times
  --export-csv FILE            Save one row per message (sent, received, processed, waits)
  Columns: sent = newest seq received (a lower bound), in_flight = written by the server but
  not yet processed when the newest message was written (exact, from its send stamp),
  queued = received but not yet processed, blocked = server writes that found its buffer full.

compare:
  --csv                        One CSV row per run instead of the table

run (each request names its target, TLS and schema itself: GRPC grpcs://host:port/pkg.Service/Method,
     # @grpc-cacert FILE, # @grpc-proto FILE; the connection and schema flags above do not apply,
     except --max-msg-size, which sets every request's limit; a message over it is not sent):
  --env NAME                   Variables of environment NAME from http-client.env.json and
                               http-client.private.env.json (next to the file or above it)
  --name REQ                   Only the request with this # @name (repeatable)
  --junit FILE                 Write a JUnit XML report: one test case per request
  --json                       Print one JSON report (every request, its reply, its assertions)
  --keep-going                 Run the good requests of a file that has bad ones
  --emit-defaults              Replies with default-valued fields, as call does
  -v, --verbose                Print every reply as it arrives
  A {{variable}} found nowhere else is read from the process environment (NAME, then NAME in
  upper case), so secrets need not be in any file.

Exit status:
  0        success
  1        nothing was sent: invalid request JSON, unknown method or symbol, unreadable file,
           schema that does not load (run: a bad request file or an unknown variable)
  2        usage error (this text follows the message)
  3        run: a request was answered but one of its ?? assertions failed
  64+code  the server, or the connection, ended a call with a non-OK status, printed as
           "ERROR: CODE_NAME: message" (68 DEADLINE_EXCEEDED, 78 UNAVAILABLE, ...);
           for bench, the most frequent failure's code when any call failed
  130      stopped with Ctrl-C (bench and flow print what they measured first)
  141      stdout was closed early (e.g. piped into head)

Examples:
  grpc-explorer list --plaintext localhost:50051
  grpc-explorer describe --plaintext localhost:50051 explorer.sample.v1.Counter
  grpc-explorer call --plaintext localhost:50051 explorer.sample.v1.Counter/Increment -d '{"value": "41"}'
  grpc-explorer call --plaintext --timing localhost:50051 explorer.sample.v1.Streams/BidiSync -d @
  grpc-explorer call --cacert ca.pem localhost:50443 explorer.sample.v1.Streams/Generate -d '{}'
  grpc-explorer bench --plaintext localhost:50051 explorer.sample.v1.Counter/Increment -n 10000 -c 4
  grpc-explorer bench --plaintext localhost:50051 explorer.sample.v1.Counter/IncrementStream \\
      -d '{"value": "0"}' -n 10000 --mode lockstep --chain '$.value' --export-json lockstep.json
  grpc-explorer compare unary.json pipelined.json lockstep.json
  grpc-explorer run sample-server/requests --env local --junit report.xml
  grpc-explorer flow --plaintext localhost:50051 explorer.sample.v1.FlowControl/Stream \\
      -d '{"count": 300, "size": 1024}' --delay 100ms
`;
