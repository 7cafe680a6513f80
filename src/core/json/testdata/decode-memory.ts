/**
 * Child process of memory.spec.ts, and the tool to see where a large reply's memory goes: decodes
 * the AllTypes message in the file argv[2] and writes its JSON line to stdout, as `grpc-explorer
 * call` prints a reply. Reports on stderr, as one JSON line, the RSS before decoding and how far the
 * peak RSS rose above it, as a multiple of the JSON text's size. A process of its own, so the peak
 * is this decode's alone. `--make MB FILE` first writes such a message (a tree of small Nodes, the
 * costliest shape per byte) of about MB megabytes of JSON:
 *   node --import tsx src/core/json/testdata/decode-memory.ts --make 50 /tmp/reply.bin
 *   node --import tsx src/core/json/testdata/decode-memory.ts /tmp/reply.bin [--whole] > /dev/null
 * `--whole` prints it as the CLI did before decodeToPieces: one string, then written.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { codecFor } from '../codec';
import { loadTestRoot, PKG } from './load';

const codec = codecFor(loadTestRoot(), `${PKG}.AllTypes`);

/** About `mb` MB of JSON: a tree of Nodes of one or two short fields, as memory.spec.ts's nested request. */
export function nestedRequest(mb: number): string {
  const nodes: string[] = [];
  for (let i = 0, size = 0; size < mb * 1e6; i++) {
    const node = `{"label":"node-${i}","children":[{"label":"a${i % 97}"},{"label":"b"}]}`;
    nodes.push(node);
    size += node.length + 1;
  }
  return `{"tree":{"label":"root","children":[${nodes.join(',')}]}}`;
}

if (process.argv[2] === '--make') {
  writeFileSync(process.argv[4]!, codec.encodeJson(nestedRequest(Number(process.argv[3]))));
} else if (require.main === module) {
  const bytes = new Uint8Array(readFileSync(process.argv[2]!));
  codec.decodeToText(codec.encodeJson('{"tree":{"label":"x","children":[{"label":"y"}]}}')); // setup is not the reply's cost
  const before = process.memoryUsage().rss;
  let chars = 0;
  if (process.argv[3] === '--whole') {
    // As the CLI printed a reply before: the whole line as one string, then written.
    const text = codec.decodeToText(bytes);
    chars = text.length;
    process.stdout.write(text + '\n');
  } else {
    codec.decodeToPieces(bytes, (piece) => {
      chars += piece.length;
      process.stdout.write(piece);
    });
    process.stdout.write('\n');
  }
  const peak = process.resourceUsage().maxRSS * 1024;
  process.stderr.write(JSON.stringify({ encodedBytes: bytes.length, textChars: chars, beforeMB: Math.round(before / 1e6), peakMB: Math.round(peak / 1e6), growth: (peak - before) / chars }) + '\n');
}
