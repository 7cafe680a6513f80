import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as protobuf from 'protobufjs';
import { codecFor } from '../../core/json/codec';
import { loadTestRoot, PKG } from '../../core/json/testdata/load';
import { numberPrefilter } from './number-prefilter';

/** A small seeded generator (mulberry32), so a failure names a message that can be made again. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** AllTypes messages with numbers of every width and sign, strings with digits, escapes and UTF-8, bytes, maps, WKTs. */
function allTypesMessages(n: number, seed: number): object[] {
  const r = random(seed);
  const int = (max: number) => Math.floor(r() * max);
  const digits = () => String(int(10 ** (1 + int(9))));
  const pick = <T>(xs: T[]): T => xs[int(xs.length)]!;
  const text = () => pick([`order ${digits()}`, `x\u0001${digits()}`, `caf\u00e9 ${digits()}`, digits(), 'plain', `"q" ${digits()}\\`]);
  const out: object[] = [];
  for (let i = 0; i < n; i++) {
    const m: Record<string, unknown> = {};
    const maybe = (k: string, v: () => unknown) => r() < 0.12 && (m[k] = v());
    maybe('fDouble', () => (r() - 0.5) * 10 ** int(12));
    maybe('fFloat', () => Math.fround(r() * 1000));
    maybe('fInt32', () => int(2 ** 31) * (r() < 0.3 ? -1 : 1));
    maybe('fInt64', () => (r() < 0.3 ? '-' : '') + digits() + digits());
    maybe('fUint32', () => int(2 ** 32));
    maybe('fUint64', () => pick(['18446744073709551615', digits() + digits(), String(2 ** 53 + 1)]));
    maybe('fSint32', () => int(2 ** 31) * (r() < 0.5 ? -1 : 1));
    maybe('fSint64', () => (r() < 0.5 ? '-' : '') + digits() + digits());
    maybe('fFixed32', () => int(2 ** 32));
    maybe('fFixed64', () => digits() + digits());
    maybe('fSfixed32', () => int(2 ** 31) * (r() < 0.5 ? -1 : 1));
    maybe('fSfixed64', () => (r() < 0.5 ? '-' : '') + digits());
    maybe('fBool', () => r() < 0.5);
    maybe('fString', text);
    maybe('fBytes', () => Buffer.from(digits() + text()).toString('base64'));
    maybe('color', () => pick(['RED', 'BLUE', 7, 19]));
    maybe('colors', () => [pick(['GREEN', 15]), 'RED']);
    maybe('item', () => ({ name: text(), count: int(1000), at: '2024-05-01T10:15:30.123Z' }));
    maybe('items', () => [{ name: digits() }, { count: int(99999) }]);
    maybe('ids', () => [digits(), `-${digits()}`]);
    maybe('tags', () => [text(), text()]);
    maybe('labels', () => ({ [digits()]: text() }));
    maybe('namesById', () => ({ [digits()]: text() }));
    maybe('itemsById', () => ({ [digits()]: { name: text(), count: int(100) } }));
    maybe('flags', () => ({ true: int(1000) }));
    maybe('colorsByCode', () => ({ [String(-int(500))]: 'BLUE' }));
    maybe('maybeCount', () => int(3));
    maybe('when', () => '2025-12-01T08:09:10Z');
    maybe('timeout', () => `${int(100)}.5s`);
    maybe('wInt64', () => digits());
    maybe('tree', () => ({ label: digits(), children: [{ label: text() }] }));
    maybe('customName', text);
    out.push(m);
  }
  return out;
}

test('a number search skips no message whose JSON holds the digits, across every field type', () => {
  const root = loadTestRoot();
  const type = root.lookupType(`${PKG}.AllTypes`);
  const codec = codecFor(root, `${PKG}.AllTypes`);
  const messages = allTypesMessages(800, 11).map((m) => codec.encodeJson(JSON.stringify(m)));
  let rejected = 0;
  for (const emitDefaults of [false, true]) {
    for (const needle of ['1', '7', '15', '970', '5', '0', '8', '19', '1844', '9007199254740993', '100', '00', '007', '0000000001']) {
      const prefilter = numberPrefilter(needle, type, emitDefaults);
      if (!prefilter) continue;
      for (const bytes of messages) {
        const holds = codec.decodeToText(bytes, { emitDefaults }).toLowerCase().includes(needle);
        const skipped = prefilter(bytes);
        if (holds) assert.equal(skipped, false, `"${needle}" is in ${codec.decodeToText(bytes)}: the search must find it`);
        else if (skipped) rejected++;
      }
    }
  }
  assert.ok(rejected > 2000, `messages skipped without decoding: ${rejected}`);
});

test('a number search on stream items decodes only the messages that hold it', () => {
  const root = protobuf.parse(`
    syntax = "proto3";
    message Item { int64 seq = 1; string text = 2; int64 value = 3; bytes payload = 4; int64 server_send_unix_micros = 5; }`).root;
  root.resolveAll();
  const codec = codecFor(root, 'Item');
  const prefilter = numberPrefilter('99000', root.lookupType('Item'), false)!;
  let decodeNeeded = 0;
  let holding = 0;
  for (let seq = 98_000; seq < 100_000; seq++) {
    const item = { seq: String(seq), text: 'order', value: String(seq), payload: Buffer.alloc(84, 'x').toString('base64'), serverSendUnixMicros: String(1764662400000000 + seq * 17) };
    const bytes = codec.encodeJson(JSON.stringify(item));
    if (!prefilter(bytes)) decodeNeeded++;
    if (codec.decodeToText(bytes).includes('99000')) holding++;
  }
  assert.ok(holding >= 1, 'seq 99000 holds the needle');
  assert.equal(decodeNeeded, holding, 'every message the walk keeps holds the number: no decode is wasted');
});

test('only digits qualify, and not when a field or enum name holds them (every message would match)', () => {
  const root = loadTestRoot();
  const type = root.lookupType(`${PKG}.AllTypes`);
  for (const needle of ['-5', '1.5', 'seq', '12 ', '']) assert.equal(numberPrefilter(needle, type, false), undefined, needle);
  assert.equal(numberPrefilter('32', type, false), undefined, 'fInt32 holds "32"');
  assert.equal(numberPrefilter('0', type, true), undefined, 'with defaults shown, every absent number prints 0');
  assert.ok(numberPrefilter('0', type, false));
});

test('a number search finds digits anywhere in integers of every width, across the 8-digit split and at leading zeros', () => {
  const root = protobuf.parse(`
    syntax = "proto3";
    message N {
      int64 a = 1; uint64 b = 2; sint64 c = 3; fixed64 d = 4; sfixed64 e = 5;
      int32 f = 6; uint32 g = 7; sint32 h = 8; fixed32 i = 9; repeated sint64 p = 10;
    }`).root;
  root.resolveAll();
  const type = root.lookupType('N');
  const codec = codecFor(root, 'N');
  const r = random(7);
  const int = (max: number) => Math.floor(r() * max);
  // Numbers made of a needle at every offset of 1..16 digits, padded with random digits or zeros.
  const needles = ['1', '0', '9', '10', '01', '007', '500001', '1800', '00000001', '12345678', '99999999', '4294967', '000123', '0500'];
  const holdsSeen = new Map<string, number>();
  for (const needle of needles) {
    for (let round = 0; round < 150; round++) {
      const width = 1 + int(16);
      const digit = () => (r() < 0.3 ? '0' : String(int(10)));
      let s = Array.from({ length: width }, digit).join('');
      if (r() < 0.6 && needle.length <= width) {
        const at = int(width - needle.length + 1);
        s = s.slice(0, at) + needle + s.slice(at + needle.length);
      }
      const big = BigInt(s); // below 10^16 < 2^63
      const small = Number(big % 2n ** 31n);
      const neg = r() < 0.4;
      const msg = {
        a: `${neg ? '-' : ''}${big}`,
        b: `${big}`,
        c: `${neg ? '-' : ''}${big}`,
        d: `${big}`,
        e: `${neg ? '-' : ''}${big}`,
        f: neg ? -small : small,
        g: small,
        h: neg ? -small : small,
        i: small,
        p: [`${big}`, `-${big / 3n}`],
      };
      for (const k of Object.keys(msg) as (keyof typeof msg)[]) {
        const one = { [k]: msg[k] };
        const bytes = codec.encodeJson(JSON.stringify(one));
        const json = codec.decodeToText(bytes);
        const holds = json.includes(needle);
        if (holds) holdsSeen.set(needle, (holdsSeen.get(needle) ?? 0) + 1);
        assert.equal(numberPrefilter(needle, type, false)!(bytes), !holds, `"${needle}" in ${json}`);
      }
    }
  }
  for (const needle of needles) assert.ok((holdsSeen.get(needle) ?? 0) > 50, `"${needle}" was found in enough numbers`);
});
