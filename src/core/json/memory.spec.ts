/**
 * A number-heavy request costs a few times its size in memory, not ten:
 * measured as the peak RSS of a child process that encodes it
 * (testdata/encode-memory.ts). A relation to the input's size, never a time.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

const dir = mkdtempSync(join(tmpdir(), 'encode-memory-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A request of about `mb` MB: one repeated int64 field of 19-digit values, as numbers or strings. */
function request(mb: number, quoted: boolean): string {
  const values: string[] = [];
  for (let i = 0, size = 0; size < mb * 1e6; i++) {
    const n = String(1234567890123456789n + BigInt(i * 7919));
    values.push(quoted ? `"${n}"` : n);
    size += n.length + (quoted ? 3 : 1);
  }
  const file = join(dir, `${quoted ? 'strings' : 'numbers'}-${mb}.json`);
  writeFileSync(file, `{"ids":[${values.join(',')}]}`);
  return file;
}

/** A request of about `mb` MB of nested messages of a few short fields each (the costliest shape per byte): a tree of Nodes. */
function nested(mb: number): string {
  const nodes: string[] = [];
  for (let i = 0, size = 0; size < mb * 1e6; i++) {
    const node = `{"label":"node-${i}","children":[{"label":"a${i % 97}"},{"label":"b"}]}`;
    nodes.push(node);
    size += node.length + 1;
  }
  const file = join(dir, `nested-${mb}.json`);
  writeFileSync(file, `{"tree":{"label":"root","children":[${nodes.join(',')}]}}`);
  return file;
}

function peakGrowth(file: string): { textBytes: number; encodedBytes: number; growth: number } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'testdata', 'encode-memory.ts'), file], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

describe('memory of a large number-heavy request', () => {
  for (const quoted of [false, true]) {
    // Before the fix the peak rose by 110 MB (numbers) and 86 MB (strings); after it by 56 and 60 MB.
    test(`10 MB of int64 ${quoted ? 'strings' : 'numbers'}: the peak rises by less than 3 x the JSON text + 40 MB`, () => {
      const r = peakGrowth(request(10, quoted));
      assert.ok(r.encodedBytes > r.textBytes / 3, 'the request was really encoded');
      // 40 MB: V8's young generation fills with short-lived garbage before it is collected, whatever the input's size.
      const bound = 3 * r.textBytes + 40e6;
      assert.ok(r.growth * r.textBytes < bound, `peak RSS rose by ${r.growth.toFixed(1)} x the ${r.textBytes} bytes of JSON`);
    });
  }
});

describe('memory of a large request of nested messages', () => {
  // A tree of Nodes of one or two short fields: three objects and an array per 55 characters, the
  // costliest shape per byte of JSON. Before the fix the peak rose by 18 x the text (the parsed,
  // validated and built trees side by side, every small array with 17 slots); after it by 9 x: one
  // tree, whose objects V8 makes at 56 bytes however few their fields.
  test('10 MB of small nested messages: the peak rises by less than 11 x the JSON text + 40 MB', () => {
    const r = peakGrowth(nested(10));
    assert.ok(r.encodedBytes > r.textBytes / 4, 'the request was really encoded');
    const bound = 11 * r.textBytes + 40e6;
    assert.ok(r.growth * r.textBytes < bound, `peak RSS rose by ${r.growth.toFixed(1)} x the ${r.textBytes} bytes of JSON`);
  });
});

describe('memory of a large reply printed as JSON', () => {
  // The CLI prints a reply as decodeToPieces writes it. Before, as one string (decodeToText, then
  // `+ '\n'` and the write's copy), the peak of a 10 MB reply of small nested messages rose by 14.5 x
  // the text (the decoded message, its JSON tree, the line, its flattened copy and its bytes at
  // once); in pieces by 9 x: the decoded message and one element's JSON at a time.
  test('10 MB of small nested messages: the peak rises by less than 10 x the JSON text + 30 MB', () => {
    const file = join(dir, 'reply-10.bin');
    const script = join(__dirname, 'testdata', 'decode-memory.ts');
    const made = spawnSync(process.execPath, ['--import', 'tsx', script, '--make', '10', file], { encoding: 'utf8' });
    assert.equal(made.status, 0, made.stderr);
    const r = spawnSync(process.execPath, ['--import', 'tsx', script, file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    assert.equal(r.status, 0, r.stderr);
    const m = JSON.parse(r.stderr) as { textChars: number; growth: number };
    assert.equal(r.stdout.length, m.textChars + 1, 'the whole line was written');
    assert.ok(r.stdout.startsWith('{"tree":{"label":"root","children":[{"label":"node-0"'));
    const bound = 10 * m.textChars + 30e6;
    assert.ok(m.growth * m.textChars < bound, `peak RSS rose by ${m.growth.toFixed(1)} x the ${m.textChars} characters of JSON`);
  });
});
