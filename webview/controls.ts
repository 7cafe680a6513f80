/**
 * The call controls and the state line. Buttons depend on the method's kind:
 * unary and server streaming have Send (which starts the call) and Cancel;
 * client and bidi streaming have Start, Send (as often as you like), End
 * (half-close) and Cancel. The state line shows idle / connecting / streaming
 * / ended with the status, the counts sent and received, and the elapsed time.
 * Which button is enabled when, and the state line's words, are the pure CallControlsModel.
 */
import type { CallProgressMessage, MethodKindName } from '../src/shared/protocol';
import { CallControlsModel, readDeadline } from './call-controls-model';
import { h, setClass, setText } from './dom';
import { formatCount, formatElapsed } from './format';

type Button = HTMLElement & { disabled: boolean };
type TextField = HTMLElement & { value: string; label: string; invalid: boolean };

export interface ControlActions {
  send(): void;
  start(): void;
  end(): void;
  cancel(): void;
  exportAs(format: 'jsonl' | 'csv'): void;
  saveToHttp(): void;
  deadlineChanged(ms: number | null): void;
}

const isMac = navigator.platform.toLowerCase().includes('mac');
export const SEND_SHORTCUT = isMac ? '⌘+Enter' : 'Ctrl+Enter';

function button(id: string, text: string, icon: string, label: string, onClick: () => void, secondary = false): Button {
  const b = h('vscode-button', { id, icon, 'aria-label': label, title: label, secondary }, text) as Button;
  b.addEventListener('click', () => !b.disabled && onClick());
  return b;
}

function setDisabled(b: Button | undefined, disabled: boolean): void {
  if (b && b.disabled !== disabled) b.disabled = disabled;
}

export class Controls {
  readonly toolbar: HTMLElement;
  readonly stateLine: HTMLElement;
  private readonly buttons: Record<'send' | 'start' | 'end' | 'cancel', Button | undefined>;
  private readonly deadline: TextField;
  private readonly stateText: HTMLElement;
  private readonly counts: HTMLElement;
  private readonly elapsed: HTMLElement;
  private readonly model: CallControlsModel;
  private clock: { baseUs: number; at: number } | undefined;
  private ticker: ReturnType<typeof setInterval> | undefined;

  constructor(
    kind: MethodKindName,
    deadlineMs: number | null,
    private readonly act: ControlActions,
  ) {
    this.model = new CallControlsModel(kind);
    const s = this.model.streamsRequests;
    this.buttons = {
      start: s ? button('start', 'Start', 'debug-start', 'Start the stream', () => act.start()) : undefined,
      send: button(
        'send',
        'Send',
        'send',
        s ? `Send message (${SEND_SHORTCUT})` : `Send request (${SEND_SHORTCUT})`,
        () => act.send(),
        s,
      ),
      end: s
        ? button(
            'end',
            'End',
            'debug-step-out',
            'End the stream (half-close: no more messages)',
            () => this.onEnd(),
            true,
          )
        : undefined,
      cancel: button('cancel', 'Cancel', 'debug-stop', 'Cancel the call', () => act.cancel(), true),
    };
    this.deadline = h('vscode-textfield', {
      id: 'deadline',
      type: 'number',
      min: 1,
      placeholder: 'no deadline',
      class: 'deadline',
    }) as TextField;
    this.deadline.label = 'Deadline in milliseconds (empty for none)';
    this.deadline.value = deadlineMs === null ? '' : String(deadlineMs);
    this.deadline.addEventListener('input', () => act.deadlineChanged(this.deadlineMs()));
    const exportJsonl = button(
      'export-jsonl',
      'JSON lines',
      'export',
      'Export every event and message as JSON lines',
      () => act.exportAs('jsonl'),
      true,
    );
    const exportCsv = button(
      'export-csv',
      'CSV',
      'table',
      'Export the timings as CSV',
      () => act.exportAs('csv'),
      true,
    );
    const saveHttp = button(
      'save-http',
      'Save to .http',
      'save',
      'Save the request as it would be sent to a .http file (new, or appended to one)',
      () => act.saveToHttp(),
      true,
    );
    this.toolbar = h(
      'div',
      { class: 'toolbar', role: 'toolbar', 'aria-label': 'Call' },
      ...Object.values(this.buttons).filter((b) => b !== undefined),
      h('label', { class: 'deadline-label', for: 'deadline' }, 'Deadline (ms)'),
      this.deadline,
      h('span', { class: 'spacer' }),
      saveHttp,
      h('span', { class: 'muted' }, 'Export'),
      exportJsonl,
      exportCsv,
    );
    this.stateText = h(
      'span',
      { id: 'call-state', class: 'state idle', role: 'status', 'aria-live': 'polite' },
      'idle',
    );
    this.counts = h('span', { id: 'counts', class: 'counts' }, 'sent 0 · received 0');
    this.elapsed = h('span', { id: 'elapsed', class: 'elapsed' }, '');
    this.stateLine = h('div', { id: 'status', class: 'state-line' }, this.stateText, this.counts, this.elapsed);
    this.refresh();
  }

  /** The deadline field's value: a positive number of ms, or null (empty or invalid, which is flagged). */
  deadlineMs(): number | null {
    const { valid, ms } = readDeadline(this.deadline.value);
    this.deadline.invalid = !valid;
    return ms;
  }

  /** True when the deadline field holds something other than empty or a positive number of ms. */
  get deadlineInvalid(): boolean {
    this.deadlineMs();
    return this.deadline.invalid;
  }

  get running(): boolean {
    return this.model.running;
  }

  /** True when Send should start a call (nothing running) rather than send on the open stream. */
  get sendStarts(): boolean {
    return this.model.sendStarts;
  }

  progress(m: CallProgressMessage): void {
    this.model.progress(m.state);
    setText(this.counts, `sent ${formatCount(m.sent)} · received ${formatCount(m.received)}`);
    this.clock = { baseUs: m.elapsedUs, at: performance.now() };
    this.refresh();
  }

  ended(codeName: string): void {
    this.model.ended(codeName);
    this.refresh();
  }

  /** Ends the stream as the End button does, when it may (a stream is open and not half-closed yet). */
  endStream(): void {
    if (!this.model.buttons.end) this.onEnd();
  }

  private onEnd(): void {
    this.model.halfClose();
    this.act.end();
    this.refresh();
  }

  private refresh(): void {
    const running = this.model.running;
    const b = this.buttons;
    const disabled = this.model.buttons;
    setDisabled(b.start, disabled.start);
    setDisabled(b.send, disabled.send);
    setDisabled(b.end, disabled.end);
    setDisabled(b.cancel, disabled.cancel);
    const line = this.model.stateText;
    if (line) {
      setText(this.stateText, line.text);
      setClass(this.stateText, line.className);
    }
    this.tick();
    if (running && !this.ticker) this.ticker = setInterval(() => this.tick(), 200);
    if (!running && this.ticker) {
      clearInterval(this.ticker);
      this.ticker = undefined;
    }
  }

  /** Elapsed time moves between progress messages (a quiet stream sends none). */
  private tick(): void {
    if (!this.clock) return;
    const extra = this.running ? (performance.now() - this.clock.at) * 1000 : 0;
    setText(this.elapsed, formatElapsed(this.clock.baseUs + extra));
  }
}
