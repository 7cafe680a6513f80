/**
 * Child process of memory.spec.ts: encodes the request JSON in the file
 * argv[2] as an AllTypes and prints how far the peak RSS rose above the RSS
 * before encoding, as a multiple of the text's size. A process of its own, so
 * the peak is this encode's alone.
 */
import { readFileSync } from 'node:fs';
import { codecFor } from '../codec';
import { loadTestRoot, PKG } from './load';

const codec = codecFor(loadTestRoot(), `${PKG}.AllTypes`);
codec.encodeJson('{"ids":["1"]}'); // the codec's own setup is not the request's cost
const text = readFileSync(process.argv[2]!, 'utf8');
const before = process.memoryUsage().rss;
const bytes = codec.encodeJson(text);
const peak = process.resourceUsage().maxRSS * 1024;
process.stdout.write(JSON.stringify({ textBytes: text.length, encodedBytes: bytes.length, growth: (peak - before) / text.length }));
