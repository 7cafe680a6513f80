/**
 * The call controls' state without the DOM: which buttons are enabled, what the state line says,
 * whether Send starts a call or sends on the open stream, and what the deadline field holds.
 * Pure, so it is unit-tested; controls.ts draws it.
 */
import type { CallState, MethodKindName } from '../src/shared/protocol';
import { requestStreams } from '../src/shared/protocol';

/** Which buttons are disabled (a button the method's kind lacks is simply never drawn). */
export interface ButtonStates {
  readonly start: boolean;
  readonly send: boolean;
  readonly end: boolean;
  readonly cancel: boolean;
}

/** The deadline field: empty (none) or a positive whole-ish number of ms a Node timer holds. */
export function readDeadline(text: string): { valid: boolean; ms: number | null } {
  const t = text.trim();
  const n = Number(t);
  const valid = t === '' || (Number.isFinite(n) && n > 0 && n < 2 ** 31);
  return { valid, ms: t !== '' && valid ? n : null };
}

export class CallControlsModel {
  /** Client and bidi streaming: Start, Send as often as you like, End; else Send starts the call. */
  readonly streamsRequests: boolean;
  state: CallState = 'idle';
  /** The status name once the call ended (the state line shows it). */
  endedWith: string | undefined;
  private halfClosed = false;

  constructor(kind: MethodKindName) {
    this.streamsRequests = requestStreams({ kind });
  }

  get running(): boolean {
    return this.state === 'connecting' || this.state === 'streaming';
  }

  /** True when Send should start a call (nothing running) rather than send on the open stream. */
  get sendStarts(): boolean {
    return !this.running;
  }

  /** The host's progress: a new call (a state change while nothing ran) clears the half-close. */
  progress(state: CallState): void {
    if (state !== this.state && !this.running) {
      this.halfClosed = false;
      this.endedWith = undefined;
    }
    this.state = state;
  }

  ended(codeName: string): void {
    this.state = 'ended';
    this.endedWith = codeName;
  }

  /** End was pressed: no more messages on this stream. */
  halfClose(): void {
    this.halfClosed = true;
  }

  get buttons(): ButtonStates {
    const running = this.running;
    return {
      start: running,
      send: this.streamsRequests ? running && this.halfClosed : running,
      end: !running || this.halfClosed,
      cancel: !running,
    };
  }

  /**
   * The state line's words and its class (`ok`/`failed` once ended); undefined when the call has
   * ended but its status has not arrived yet (the line keeps what it showed until `ended`).
   */
  get stateText(): { text: string; className: string } | undefined {
    if (this.state === 'ended') {
      const code = this.endedWith;
      return code === undefined
        ? undefined
        : { text: `ended: ${code}`, className: `state ended ${code === 'OK' ? 'ok' : 'failed'}` };
    }
    const text =
      this.state === 'connecting'
        ? 'connecting…'
        : this.halfClosed && this.running
          ? 'streaming (half-closed)'
          : this.state;
    return { text, className: `state ${this.state}` };
  }
}
