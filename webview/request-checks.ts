/**
 * Which of the host's verdicts on the editor's JSON still apply. Checks and starts are answered
 * out of order with typing: only the newest check may clear the problem shown (an older one may
 * still flag one), and a start marks the response as started only when the host accepted it and no
 * Send went out since. Pure, so it is unit-tested; panel.ts asks it before showing a reply.
 */
export class RequestChecks {
  private lastValidate = 0;
  private lastStart = 0;
  private pendingStart = 0;

  /** A check of the editor's text is going out; returns its number. */
  validating(): number {
    return ++this.lastValidate;
  }

  /** Whether the reply to check `id` (with `problem`, null when valid) changes what the editor shows. */
  showsCheck(id: number, problem: unknown): boolean {
    return id === this.lastValidate || problem !== null;
  }

  /** A start is going out; returns its number. */
  starting(): number {
    return (this.pendingStart = ++this.lastStart);
  }

  /** A Send went out on the open stream: an earlier start's reply no longer resets the response. */
  sending(): void {
    this.pendingStart = 0;
  }

  /** Whether the reply to start `id` begins a new response. */
  startedBy(id: number, reply: { readonly accepted: boolean }): boolean {
    return reply.accepted && id === this.pendingStart;
  }
}
