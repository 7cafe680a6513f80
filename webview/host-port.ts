/**
 * The webview's line to the panel host, without the VS Code API so it unit-tests: every view gets a
 * `HostPort` in its constructor. `request()` numbers a request (`requestId`) and resolves with the
 * reply whose `inReplyTo` matches (the protocol's `ReplyTo` says which reply answers which request),
 * so no view matches replies by hand; `post()` is for messages without a reply.
 */
import type { FromWebviewMessage, ReplyMessage, ReplyTo, RequestOf, ToWebviewMessage } from '../src/shared/protocol';

/** What views use to talk to the host. */
export interface HostPort {
  post(message: FromWebviewMessage): void;
  request<T extends keyof ReplyTo>(message: RequestOf<T> & { readonly type: T }): Promise<ReplyTo[T]>;
}

/** Messages the host pushes on its own (everything but replies). */
export type PushMessage = Exclude<ToWebviewMessage, ReplyMessage>;

const isReply = (m: ToWebviewMessage): m is ReplyMessage => 'inReplyTo' in m;

/** A HostPort over a `postMessage` function; `deliver` takes each message from the host. */
export class HostChannel implements HostPort {
  private lastId = 0;
  private readonly pending = new Map<number, (reply: ReplyMessage) => void>();

  constructor(private readonly send: (message: FromWebviewMessage) => void) {}

  post(message: FromWebviewMessage): void {
    this.send(message);
  }

  readonly request: HostPort['request'] = (message) => {
    const requestId = ++this.lastId;
    return new Promise((resolve) => {
      this.pending.set(requestId, resolve as (reply: ReplyMessage) => void);
      this.send({ ...message, requestId } as FromWebviewMessage);
    });
  };

  /** Settles the request a reply answers and returns undefined; returns any other message for the panel. */
  deliver(m: ToWebviewMessage): PushMessage | undefined {
    if (!isReply(m)) return m;
    const settle = this.pending.get(m.inReplyTo);
    this.pending.delete(m.inReplyTo);
    settle?.(m);
    return undefined;
  }

  /** Requests still waiting for their reply. */
  get waiting(): number {
    return this.pending.size;
  }
}
