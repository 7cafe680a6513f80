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
  private buf = '';
  private depth = 0;
  private inString = false;
  private escaped = false;
  private line = 1;
  private startLine = 1;

  /** Feeds more text; returns the values it completed. */
  push(text: string): JsonChunk[] {
    const out: JsonChunk[] = [];
    for (const ch of text) {
      if (this.buf === '' && this.depth === 0) {
        if (ch === '\n') this.line++;
        if (/\s/.test(ch)) continue;
        this.startLine = this.line;
      }
      if (ch === '\n') this.line++;
      if (this.depth === 0 && !this.inString && /\s/.test(ch)) {
        out.push(this.take()); // a bare scalar ended; the codec will say it is not an object
        continue;
      }
      this.buf += ch;
      if (this.scan(ch)) out.push(this.take());
    }
    return out;
  }

  /** End of input: whatever is left is an incomplete value (returned so the codec reports it). */
  end(): JsonChunk[] {
    return this.buf.trim() === '' ? [] : [this.take()];
  }

  /** Advances the lexical state by one character; true when a top-level value just closed. */
  private scan(ch: string): boolean {
    if (this.inString) {
      if (this.escaped) this.escaped = false;
      else if (ch === '\\') this.escaped = true;
      else if (ch === '"') this.inString = false;
      return false;
    }
    if (ch === '"') this.inString = true;
    else if (ch === '{' || ch === '[') this.depth++;
    else if (ch === '}' || ch === ']') {
      this.depth--;
      return this.depth <= 0;
    }
    return false;
  }

  private take(): JsonChunk {
    const chunk = { text: this.buf, line: this.startLine };
    this.buf = '';
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
    return chunk;
  }
}

/** Splits a whole text (the `-d` argument) into its JSON values. */
export function splitJsonValues(text: string): JsonChunk[] {
  const s = new JsonValueSplitter();
  return [...s.push(text), ...s.end()];
}
