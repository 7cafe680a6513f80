/**
 * Made-up books, like seed 002's faker titles but deterministic: the same
 * user and position always give the same book, so pages, streams and the
 * one-message list agree and tests can compare them.
 */

const ADJECTIVES = ['Silent', 'Crimson', 'Hidden', 'Last', 'Broken', 'Golden', 'Distant', 'Quiet', 'Burning', 'Winter'];
const NOUNS = ['River', 'Garden', 'Empire', 'Signal', 'Harbor', 'Orchard', 'Machine', 'Library', 'Voyage', 'Lantern'];
const FIRST = ['Ada', 'Kwame', 'Lin', 'Mara', 'Tomas', 'Yuki', 'Nadia', 'Omar', 'Greta', 'Ravi'];
const LAST = ['Okafor', 'Lindqvist', 'Moreau', 'Tanaka', 'Haddad', 'Novak', 'Reyes', 'Castell', 'Ibsen', 'Kaur'];

/** A book as the server sends it (int64 id as a string). */
export interface BookMsg {
  id: string;
  title: string;
  author: string;
  year: number;
  payload: Buffer;
}

/** Cheap integer hash (splitmix-style) so neighbouring positions look unrelated. */
function mix(a: number, b: number): number {
  let h = (Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(b, 0xc2b2ae35)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b) >>> 0;
  return (h ^ (h >>> 13)) >>> 0;
}

function pick(list: readonly string[], n: number): string {
  return list[n % list.length]!;
}

/** The book at 0-based position `index` of user `userId`'s recommendations. */
export function bookAt(userId: string, index: number, payload: Buffer): BookMsg {
  const h = mix(Number(BigInt.asUintN(32, BigInt(userId || '0'))), index);
  return {
    id: String(index + 1),
    title: `The ${pick(ADJECTIVES, h)} ${pick(NOUNS, h >>> 8)}`,
    author: `${pick(FIRST, h >>> 16)} ${pick(LAST, h >>> 24)}`,
    year: 1850 + (h % 175),
    payload,
  };
}

/** Rough encoded size of one book, to refuse a one-message list that would exhaust the server's memory. */
export function approxBookBytes(payloadSize: number): number {
  return 48 + payloadSize;
}
