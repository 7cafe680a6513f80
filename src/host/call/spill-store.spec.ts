import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { SpillingPayloadStore } from './spill-store';

function message(i: number): Uint8Array {
  const bytes = new Uint8Array(1 + ((i * 37) % 1000));
  for (let j = 0; j < bytes.length; j++) bytes[j] = (i + j) & 0xff;
  return bytes;
}

test('past the memory budget, the oldest chunks go to a temp file and every message reads back intact', () => {
  const store = new SpillingPayloadStore({ memoryCapBytes: 4096, chunkBytes: 1024 });
  const ids: number[] = [];
  for (let i = 0; i < 5000; i++) ids.push(store.append(message(i)));
  assert.deepEqual(ids.slice(0, 3), [0, 1, 2]);
  assert.equal(store.count, 5000);
  assert.ok(store.memoryBytes <= 4096, `memory ${store.memoryBytes} over the cap`);
  assert.ok(store.spilledBytes > 2_000_000, 'most payloads spilled');
  const path = store.spillPath!;
  assert.ok(existsSync(path));
  // Read in a scattered order: early and middle (in the file), the newest (in memory).
  for (const i of [0, 4999, 10, 2500, 4998, 17, 3000, 1]) assert.deepEqual(store.get(i), message(i), `message ${i}`);
  for (let i = 0; i < 5000; i++) assert.deepEqual(store.get(i), message(i));
  const onDisk = statSync(path).size;
  assert.ok(
    onDisk > 1_000_000 && onDisk <= store.spilledBytes,
    `file holds ${onDisk} of ${store.spilledBytes} spilled bytes`,
  );
  store.dispose();
  assert.equal(existsSync(path), false, 'temp file removed on dispose');
});

test('a message bigger than a chunk gets a chunk of its own, in memory and in the file', () => {
  const store = new SpillingPayloadStore({ memoryCapBytes: 3 * 1024 * 1024, chunkBytes: 1024 });
  const big = new Uint8Array(2 * 1024 * 1024).map((_, i) => i % 251);
  store.append(big); // in memory, own chunk
  store.append(big); // over the budget: the first goes to the file, this one stays
  store.append(new Uint8Array([1, 2, 3])); // a small chunk next to it: within the budget
  assert.equal(store.spilledBytes, 2 * 1024 * 1024);
  assert.equal(store.memoryBytes, 2 * 1024 * 1024 + 1024);
  assert.deepEqual(store.get(0), big);
  assert.deepEqual(store.get(1), big);
  assert.deepEqual(store.get(2), new Uint8Array([1, 2, 3]));
  assert.throws(() => store.get(3), /no payload 3 \(store holds 3\)/);
  store.dispose();
});

test('under the cap nothing touches the disk', () => {
  const store = new SpillingPayloadStore();
  for (let i = 0; i < 1000; i++) store.append(message(i));
  assert.equal(store.spillPath, undefined);
  assert.deepEqual(store.get(999), message(999));
  store.dispose();
});

test('reading spilled messages in order while the stream still appends (a live search) sees each one intact', () => {
  const store = new SpillingPayloadStore({ memoryCapBytes: 1024, chunkBytes: 1024 });
  let read = 0;
  for (let i = 0; i < 20_000; i++) {
    store.append(message(i));
    // Catch up now and then, as the search's slices do: chunks move to the file meanwhile.
    if (i % 997 === 0) for (; read <= i; read++) assert.deepEqual(store.get(read), message(read), `message ${read}`);
  }
  for (; read < 20_000; read++) assert.deepEqual(store.get(read), message(read), `message ${read}`);
  store.dispose();
});

test('the budget counts another index too: as it grows, payloads move to the file, the newest stay', () => {
  let other = 0;
  const store = new SpillingPayloadStore({ memoryCapBytes: 1024 * 1024, chunkBytes: 64 * 1024 });
  store.countAlso(() => other);
  for (let i = 0; i < 2000; i++) store.append(message(i)); // ~1 MB: fits
  const before = store.memoryBytes;
  other = 768 * 1024; // the recording's index grew
  for (let i = 2000; i < 2200; i++) store.append(message(i));
  assert.ok(store.spilledBytes > 0, 'payloads moved to the file');
  assert.ok(
    store.memoryBytes + store.indexBytes + other <= 1024 * 1024,
    `memory ${store.memoryBytes} + index ${store.indexBytes} + other ${other} within the budget (was ${before})`,
  );
  for (let i = 0; i < 2200; i++) assert.deepEqual(store.get(i), message(i), `message ${i}`);
  store.dispose();
});

test('an empty message and many messages in one chunk keep their own lengths', () => {
  const store = new SpillingPayloadStore({ memoryCapBytes: 1024 * 1024, chunkBytes: 64 * 1024 });
  const sizes = [0, 3, 0, 0, 1, 65_536, 0, 2];
  sizes.forEach((n, i) => store.append(new Uint8Array(n).fill(i)));
  sizes.forEach((n, i) => assert.deepEqual(store.get(i), new Uint8Array(n).fill(i), `message ${i}`));
  store.dispose();
});

test('when the temp file cannot be written, nothing is lost: the store keeps every message in memory and says why', () => {
  // A temp "folder" that is a file: making the spill folder fails as a full or read-only disk would.
  const notAFolder = join(mkdtempSync(join(tmpdir(), 'spill-spec-')), 'a-file');
  writeFileSync(notAFolder, '');
  const store = new SpillingPayloadStore({ memoryCapBytes: 4096, chunkBytes: 1024, tempDir: notAFolder });
  for (let i = 0; i < 2000; i++) store.append(message(i));
  assert.equal(store.count, 2000);
  assert.equal(store.spilledBytes, 0);
  assert.ok(store.memoryBytes > 4096, 'over the budget rather than losing messages');
  assert.match(store.failure ?? '', /could not write message bytes past the memory budget to a temp file in .*a-file: .*ENOTDIR.*they stay in memory/);
  for (let i = 0; i < 2000; i++) assert.deepEqual(store.get(i), message(i), `message ${i}`);
  store.dispose();
  rmSync(dirname(notAFolder), { recursive: true, force: true });
});
