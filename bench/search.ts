import { CallRecording } from '../src/core/call/recording';
import { EventKind } from '../src/core/call/types';
import { codecFor } from '../src/core/json/codec';
import type { Schema } from '../src/core/schema/types';
import { EventText } from '../src/host/call/event-text';
import { numberPrefilter } from '../src/host/call/number-prefilter';
import { bytePrefilter, RowIndex } from '../src/host/call/row-index';
import type { Measurement } from './harness';

const ALL_KINDS = 9;

/**
 * A recording of `count` received Streams.Generate Items as the sample server
 * sends them (seq, value, send stamp; every 1,000th with a text), bytes kept
 * in the recording's arena as the panel keeps them.
 */
function streamRecording(schema: Schema, count: number): CallRecording {
  const codec = codecFor(schema.root, 'explorer.sample.v1.Item');
  const rec = new CallRecording();
  rec.record(EventKind.Start);
  for (let seq = 1; seq <= count; seq++) {
    const text = seq % 1000 === 0 ? `,"text":"order #${seq} shipped"` : '';
    const bytes = codec.encodeJson(
      `{"seq":"${seq}","value":"${seq}","serverSendUnixMicros":"${1_800_000_000_000_000 + seq}"${text}}`,
    );
    rec.record(EventKind.Received, bytes.length, bytes);
  }
  rec.record(EventKind.Status);
  return rec;
}

/**
 * ms for the panel host's search (RowIndex + EventText, as CallRun wires
 * them) to go through every message of a recording: `needle` decides whether
 * the byte prefilter applies (text inside strings), the number prefilter
 * (digits, decided on the wire bytes), or every message is decoded (a quoted
 * number). The first match is checked so a broken search fails.
 */
export function searchCost(schema: Schema, count: number, rounds: number): Measurement[] {
  let rec: CallRecording | undefined;
  const codec = codecFor(schema.root, 'explorer.sample.v1.Item');
  const search = (needle: string, expected: number) => async () => {
    rec ??= streamRecording(schema, count);
    const r = rec;
    const text = new EventText(r, '/explorer.sample.v1.Streams/Generate', codec, codec, true);
    const prefilter = bytePrefilter(needle) ?? numberPrefilter(needle, schema.root.lookupType('explorer.sample.v1.Item'), true);
    const rejects = prefilter ? (i: number) => ((b) => b !== undefined && prefilter(b))(r.payload(i)) : undefined;
    const t0 = performance.now();
    const index = new RowIndex(
      r,
      { kinds: new Set([EventKind.Received]), search: needle },
      (i) => text.searchText(i),
      ALL_KINDS,
      rejects,
    );
    while (!index.scan(8)) {
      /* slices back to back: the time of the whole search */
    }
    const ms = performance.now() - t0;
    if (index.total !== expected)
      throw new Error(`search "${needle}": expected ${expected} matches, found ${index.total}`);
    return ms;
  };
  const n = count.toLocaleString('en-US');
  return [
    {
      id: 'search-bytes',
      title: `Panel search through ${n} recorded Items for text inside a string ("order #${count / 2}"), byte prefilter`,
      unit: 'ms',
      rounds,
      lowerIsBetter: true,
      run: search(`order #${count / 2} `, 1),
    },
    {
      id: 'search-number',
      title: `Panel search through ${n} recorded Items for a number (${count / 2 + 1}), number prefilter on the wire bytes`,
      unit: 'ms',
      rounds,
      lowerIsBetter: true,
      run: search(`${count / 2 + 1}`, 1), // seq and value of one message (the send stamps are 1800000000xxxxxx)
    },
    {
      id: 'search-decoded',
      title: `Panel search through ${n} recorded Items for a quoted number ("${count / 2 + 1}"), every message decoded`,
      unit: 'ms',
      rounds: 1,
      lowerIsBetter: true,
      run: search(`"${count / 2 + 1}"`, 1), // seq and value of one message: in its text twice, one row
    },
  ];
}
