/**
 * UTF-8 bytes → text that keeps invalid input visible. A decoder with
 * replacement would turn a bad byte into U+FFFD and the request would go out
 * changed; a fatal one could only say "somewhere in the input". Instead each
 * byte that is not part of valid UTF-8 becomes the lone surrogate U+DC80+byte
 * (Python's "surrogateescape"). Lone surrogates cannot be UTF-8, so the
 * validator refuses the string holding one and names its JSON path, and
 * `invalidUtf8Byte` turns it back into the byte for the message.
 */
const strict = new TextDecoder('utf-8', { fatal: true });

/** Decodes `bytes`, escaping invalid bytes as U+DC80..U+DCFF. */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return strict.decode(bytes);
  } catch {
    return decodeEscaped(bytes);
  }
}

/** The byte an escaped code unit stands for, or undefined for any other code unit. */
export function invalidUtf8Byte(codeUnit: number): number | undefined {
  return codeUnit >= 0xdc80 && codeUnit <= 0xdcff ? codeUnit - 0xdc00 : undefined;
}

function decodeEscaped(bytes: Uint8Array): string {
  const parts: string[] = [];
  let start = 0; // start of the current run of valid bytes
  let i = 0;
  while (i < bytes.length) {
    const length = validSequenceLength(bytes, i);
    if (length > 0) {
      i += length;
      continue;
    }
    if (i > start) parts.push(strict.decode(bytes.subarray(start, i)));
    parts.push(String.fromCharCode(0xdc00 + bytes[i]!));
    start = ++i;
  }
  if (i > start) parts.push(strict.decode(bytes.subarray(start, i)));
  return parts.join('');
}

/** Length of the valid UTF-8 sequence at `i` (1 to 4), or 0 when the byte there starts none. */
function validSequenceLength(b: Uint8Array, i: number): number {
  const c = b[i]!;
  if (c < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => i + k < b.length && b[i + k]! >= lo && b[i + k]! <= hi;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  // The second byte's range rules out overlong forms, surrogates (ED A0..BF) and code points past U+10FFFF.
  if (c >= 0xe0 && c <= 0xef) {
    const lo = c === 0xe0 ? 0xa0 : 0x80;
    const hi = c === 0xed ? 0x9f : 0xbf;
    return cont(1, lo, hi) && cont(2) ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    const lo = c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xf4 ? 0x8f : 0xbf;
    return cont(1, lo, hi) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

/**
 * A streaming decodeUtf8: a sequence cut between two chunks is held back
 * until the next one completes it (or `end()` escapes it).
 */
export class Utf8Stream {
  private pending: Uint8Array = new Uint8Array(0);

  push(chunk: Uint8Array): string {
    const bytes = this.pending.length ? concat(this.pending, chunk) : chunk;
    const cut = incompleteTailStart(bytes);
    this.pending = bytes.slice(cut);
    return decodeUtf8(bytes.subarray(0, cut));
  }

  end(): string {
    const rest = decodeUtf8(this.pending);
    this.pending = new Uint8Array(0);
    return rest;
  }
}

/** Where a possibly incomplete multi-byte sequence at the end begins (bytes.length when none). */
function incompleteTailStart(bytes: Uint8Array): number {
  for (let back = 1; back <= 3 && back <= bytes.length; back++) {
    const c = bytes[bytes.length - back]!;
    if (c < 0x80) return bytes.length;
    if (c >= 0xc0) {
      const needed = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
      return needed > back ? bytes.length - back : bytes.length;
    }
  }
  return bytes.length;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
