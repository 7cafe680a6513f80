import { startCall, type ActiveCall } from '../call/engine';
import type { CallSetup } from './call-modes';
import type { LoadCall, LoadCallResult } from './load-loop';
import { NO_REPLY_CODE } from './types';

/**
 * One bidi stream used one message at a time: write a request, wait for its
 * reply, then (and only then) the next — the Increment chain over a stream.
 * If the stream ends early, the next request opens a fresh one.
 */
class LockstepStream {
  private call: ActiveCall | undefined;
  private replies: Uint8Array[] = [];
  private wake: (() => void) | undefined;

  constructor(private readonly s: CallSetup) {}

  async roundTrip(request: Uint8Array, signal: AbortSignal): Promise<LoadCallResult> {
    const call = this.current(signal);
    if (!(await call.sendAsync(request))) return this.ended(call);
    const reply = await this.nextReply(call);
    return reply ? { code: 0, responses: [reply] } : this.ended(call);
  }

  /** Half-closes the stream and waits for the server to end it. */
  async close(): Promise<void> {
    const call = this.call;
    if (!call) return;
    call.end();
    await call.done;
  }

  private current(signal: AbortSignal): ActiveCall {
    if (this.call && !this.call.recording.outcome) return this.call;
    this.replies = [];
    const call = startCall(this.s.conn, this.s.method, {
      keepPayloads: false,
      signal,
      ...(this.s.metadata ? { metadata: this.s.metadata } : {}),
      ...(this.s.deadlineMs !== undefined ? { deadlineMs: this.s.deadlineMs } : {}),
      onMessage: (b) => {
        this.replies.push(b);
        this.wake?.();
      },
    });
    void call.done.then(() => this.wake?.());
    return (this.call = call);
  }

  private async nextReply(call: ActiveCall): Promise<Uint8Array | undefined> {
    while (this.replies.length === 0 && !call.recording.outcome) {
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
    return this.replies.shift();
  }

  private async ended(call: ActiveCall): Promise<LoadCallResult> {
    const outcome = await call.done;
    if (outcome.error) return { code: outcome.code, message: outcome.error.message, responses: [] };
    return {
      code: NO_REPLY_CODE,
      message: `${this.s.method.fullName} ended the stream without replying to a request`,
      responses: [],
    };
  }
}

/** A LoadCall per message over one lock-step stream per worker, and the way to close them after the run. */
export function lockstepCalls(s: CallSetup): { call: LoadCall; close(): Promise<void> } {
  const streams = new Map<number, LockstepStream>();
  return {
    call: async (worker, previous, signal) => {
      let stream = streams.get(worker);
      if (!stream) streams.set(worker, (stream = new LockstepStream(s)));
      const last = previous?.responses[0];
      const request = s.chain && previous?.code === 0 && last ? s.chain(last) : s.request;
      return stream.roundTrip(request, signal);
    },
    close: async () => void (await Promise.all([...streams.values()].map((st) => st.close()))),
  };
}
