/**
 * A client or bidi stream's prepared messages (a `.http` request with several `===` messages,
 * opened in the panel): the editor holds the next one; Send sends it and loads the one after, so
 * the person goes through them one by one, editing each if they like, or sends the rest at once.
 * Pure, so it is unit-tested; message-queue-view.ts draws it.
 */
import type { MessageQueueState } from '../src/shared/protocol';

export interface QueuedMessage {
  text: string;
  /** `=== wait-for-server` came before it: "Send all" waits for the next reply before sending it. */
  readonly waitForServer: boolean;
}

export class MessageQueue {
  private items: QueuedMessage[];
  private nextIndex: number;
  /** "Send all" half-closes the stream after the last message (the box under the list; ticked by default). */
  endAfterLast: boolean;

  constructor(state?: MessageQueueState) {
    this.items = (state?.messages ?? []).map((m) => ({ text: m.text, waitForServer: m.waitForServer }));
    this.nextIndex = Math.min(state?.next ?? 0, this.items.length);
    this.endAfterLast = state?.endAfterLast ?? true;
  }

  /** True when the panel holds prepared messages (the list shows). */
  get active(): boolean {
    return this.items.length > 0;
  }

  get messages(): readonly QueuedMessage[] {
    return this.items;
  }

  /** The message in the editor (0-based); equal to the count once every message went out. */
  get next(): number {
    return this.nextIndex;
  }

  /** Messages not sent yet, the one in the editor included. */
  get pending(): number {
    return this.items.length - this.nextIndex;
  }

  /** The editor's text changed: it is the next message's new text. */
  edited(text: string): void {
    const m = this.items[this.nextIndex];
    if (m) m.text = text;
  }

  /** The editor's message went out: returns the text to load next, undefined when none is left. */
  sent(): string | undefined {
    if (this.nextIndex >= this.items.length) return undefined;
    this.nextIndex++;
    return this.items[this.nextIndex]?.text;
  }

  /** Makes message `i` the next one (picked in the list), returning its text; the ones before count as sent. */
  select(i: number): string | undefined {
    if (i < 0 || i >= this.items.length) return undefined;
    this.nextIndex = i;
    return this.items[i]!.text;
  }

  /**
   * After "Send all" went through the list: true when the stream should now be ended (half-closed),
   * as a request file's messages are the whole stream; false when some are left or the person
   * chose to keep the stream open.
   */
  endsAfterSendAll(): boolean {
    return this.endAfterLast && this.items.length > 0 && this.pending === 0;
  }

  /** Starts over from the first message (a new stream), returning its text. */
  rewind(): string | undefined {
    return this.select(0);
  }

  clear(): void {
    this.items = [];
    this.nextIndex = 0;
  }

  /** What "Save to .http" writes: every prepared message, or the editor's alone when there are none. */
  toSave(editorText: string): QueuedMessage[] {
    this.edited(editorText);
    return this.items.length ? this.items.map((m) => ({ ...m })) : [{ text: editorText, waitForServer: false }];
  }

  state(): MessageQueueState {
    return {
      messages: this.items.map((m) => ({ ...m })),
      next: this.nextIndex,
      ...(this.endAfterLast ? {} : { endAfterLast: false }),
    };
  }
}

/** One line of a message for the list: its compact JSON, cut at `max` characters. */
export function previewOf(text: string, max = 80): string {
  let line: string;
  try {
    line = JSON.stringify(JSON.parse(text));
  } catch {
    line = text.replace(/\s+/g, ' ').trim();
  }
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
