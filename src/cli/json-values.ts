/** One top-level JSON value cut out of a stream of text, with the line it starts on (1-based). */
export interface JsonChunk {
  readonly text: string;
  readonly line: number;
}

/**
 * Cuts a stream of text into top-level JSON values without parsing them:
 * `{"a":1}\n{"a":2}`, `{"a":1} {"a":2}` and pretty-printed objects spanning
 * lines all work. Each value is handed out the moment its closing brace
 * arrives, so a person typing JSON lines gets each one sent on Enter. The
 * codec parses (and reports errors in) each value; this only finds the ends,
 * tracking strings and escapes so braces inside strings do not count.
 */
export class JsonValueSplitter {
  /** The current value's text from earlier chunks; joined once, when the value is complete. */
  private pieces: string[] = [];
  private inValue = false;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private line = 1;
  private startLine = 1;

  /**
   * Feeds more text; returns the values it completed. Works by index and
   * slices: a 50 MB request is one pass, not fifty million string appends.
   */
  push(text: string): JsonChunk[] {
    const out: JsonChunk[] = [];
    let start = 0; // where the current value begins in `text`
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x0a) this.line++;
      if (!this.inValue) {
        if (isSpace(c)) continue;
        this.inValue = true;
        this.startLine = this.line;
        start = i;
      }
      if (this.depth === 0 && !this.inString && isSpace(c)) {
        out.push(this.take(text.slice(start, i))); // a bare scalar ended; the codec will say it is not an object
        continue;
      }
      if (this.scan(c)) out.push(this.take(text.slice(start, i + 1)));
    }
    if (this.inValue) this.pieces.push(text.slice(start));
    return out;
  }

  /** End of input: whatever is left is an incomplete value (returned so the codec reports it). */
  end(): JsonChunk[] {
    return this.inValue ? [this.take('')] : [];
  }

  /** Advances the lexical state by one character; true when a top-level value just closed. */
  private scan(c: number): boolean {
    if (this.inString) {
      if (this.escaped) this.escaped = false;
      else if (c === 0x5c /* \ */) this.escaped = true;
      else if (c === 0x22 /* " */) this.inString = false;
      return false;
    }
    if (c === 0x22) this.inString = true;
    else if (c === 0x7b /* { */ || c === 0x5b /* [ */) this.depth++;
    else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      this.depth--;
      return this.depth <= 0;
    }
    return false;
  }

  private take(last: string): JsonChunk {
    this.pieces.push(last);
    const chunk = { text: this.pieces.join(''), line: this.startLine };
    this.pieces = [];
    this.inValue = false;
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
    return chunk;
  }
}

/** JSON whitespace, and the other white space /\s/ knows, between values. */
function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || (c > 0x7f && /\s/.test(String.fromCharCode(c)));
}

/** Splits a whole text (the `-d` argument) into its JSON values. */
export function splitJsonValues(text: string): JsonChunk[] {
  const s = new JsonValueSplitter();
  return [...s.push(text), ...s.end()];
}
