/**
 * The Runner tab: a latency run of this method with the editor's request —
 * N calls (or bidi messages, pipelined or lock-step), C at a time, at a rate
 * or as fast as possible, for a count or a duration, optionally chaining a
 * reply field into the next request — with a progress bar, the results of
 * the selected run (throughput, status codes, HDR percentiles, a histogram
 * and latency over time) and the kept runs of this target compared side by side.
 */
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import type {
  MethodKindName,
  MetadataRows,
  RunModeName,
  RunProgressMessage,
  RunsMessage,
} from '../src/shared/protocol';
import { h, setText } from './dom';
import { field, setDisabled, xpButton, type Button, type TextField } from './form-fields';
import type { HostPort } from './host-port';
import { RunCharts } from './run-charts';
import { RunsTable } from './runs-table';
import { progressLine, readRunForm, runStats, RunsModel } from './runner-model';

/** What the runner takes from the rest of the panel. */
export interface RunnerContext {
  requestText(): string;
  metadata(): MetadataRows;
  deadlineMs(): number | null;
  notice(level: 'info' | 'warning' | 'error', text: string): void;
}

const MODES: [RunModeName, string][] = [
  ['calls', 'Calls'],
  ['stream-pipelined', 'One stream, pipelined'],
  ['stream-lockstep', 'One stream, lock-step'],
];

export class RunnerView {
  readonly element: HTMLElement;
  private readonly f: Record<'total' | 'concurrency' | 'rate' | 'duration' | 'chain', TextField>;
  private mode: RunModeName = 'calls';
  private readonly run: Button;
  private readonly cancel: Button;
  private readonly bar: HTMLElement & { value?: number; max: number; indeterminate: boolean };
  private readonly progressText = h('span', { id: 'run-progress-text', class: 'muted' }, 'No run yet.');
  private readonly overhead = h('p', { id: 'run-overhead', class: 'muted hint' });
  private readonly title = h('h3', { id: 'run-title' }, 'Results');
  private readonly stats = h('dl', {
    id: 'run-stats',
    class: 'stats run-stats',
    'aria-label': 'Results of the selected run',
  });
  private readonly charts = new RunCharts();
  private readonly table: RunsTable;
  private readonly model = new RunsModel();

  constructor(
    private readonly host: HostPort,
    private readonly kind: MethodKindName,
    private readonly ctx: RunnerContext,
  ) {
    const bidi = kind === 'bidi-streaming';
    const total = field('run-total', 'Calls (N)', '1000');
    const concurrency = field('run-concurrency', 'Concurrency', '1');
    const rate = field('run-rate', 'Rate (/s)', '', 'max');
    const duration = field('run-duration', 'Duration (ms)', '', 'none');
    const chain = field('run-chain', 'Chain path', '', 'e.g. $.value');
    this.f = {
      total: total.input,
      concurrency: concurrency.input,
      rate: rate.input,
      duration: duration.input,
      chain: chain.input,
    };
    this.run = xpButton('run-start', 'Run', 'play', () => this.start());
    this.cancel = xpButton('run-cancel', 'Cancel', 'debug-stop', () => host.post({ type: 'runCancel' }), true);
    setDisabled(this.cancel, true);
    this.bar = h('vscode-progress-bar', {
      id: 'run-progress',
      class: 'run-progress',
      'aria-label': 'Run progress',
    }) as never;
    this.bar.max = 1;
    this.bar.value = 0;
    this.table = new RunsTable(host, (id) => this.select(id));
    this.element = h(
      'section',
      { id: 'runner', class: 'runner' },
      h(
        'div',
        { class: 'xp-form', role: 'group', 'aria-label': 'Run settings' },
        total.box,
        concurrency.box,
        rate.box,
        duration.box,
        chain.box,
        bidi ? this.modeSelect() : undefined,
        this.run,
        this.cancel,
      ),
      h('div', { class: 'xp-progress' }, this.bar, this.progressText),
      this.overhead,
      this.title,
      this.stats,
      this.charts.element,
      this.table.element,
    );
  }

  progress(m: RunProgressMessage): void {
    this.bar.value = m.fraction;
    setText(this.progressText, progressLine(m));
  }

  runsChanged(m: RunsMessage): void {
    this.model.changed(m);
    setDisabled(this.run, m.running);
    setDisabled(this.cancel, !m.running);
    if (m.running && m.overhead === null)
      setText(this.progressText, 'Measuring the runner’s own overhead (first run only)…');
    setText(this.overhead, m.overhead ?? '');
    this.table.update(this.model.runs, this.model.selected);
    this.show();
  }

  /** Charts draw only when the tab is visible (their size comes from the box). */
  setVisible(visible: boolean): void {
    if (visible) this.show();
  }

  private select(id: number): void {
    this.model.select(id);
    this.table.update(this.model.runs, id);
    this.show();
  }

  private show(): void {
    const r = this.model.current;
    setText(this.title, this.model.title);
    this.stats.replaceChildren(
      ...(r ? runStats(r).flatMap(([k, v]) => [h('dt', {}, k), h('dd', { title: v }, v)]) : []),
    );
    if (r) this.charts.show(r);
  }

  private modeSelect(): HTMLElement {
    const group = h(
      'vscode-radio-group',
      { id: 'run-mode', 'aria-label': 'How to send' },
      ...MODES.map(([value, label]) =>
        h('vscode-radio', { id: `run-mode-${value}`, name: 'run-mode', value, label, checked: value === 'calls' }),
      ),
    );
    group.addEventListener(
      'change',
      (e) => (this.mode = ((e.target as HTMLInputElement).value as RunModeName) || 'calls'),
    );
    return group;
  }

  private start(): void {
    const form = readRunForm(
      {
        total: this.f.total.value,
        concurrency: this.f.concurrency.value,
        rate: this.f.rate.value,
        duration: this.f.duration.value,
        chain: this.f.chain.value,
      },
      this.kind === 'bidi-streaming' ? this.mode : 'calls',
    );
    for (const k of ['total', 'concurrency', 'rate', 'duration'] as const) this.f[k].invalid = !form.ok && form.field === k;
    if (!form.ok) return this.ctx.notice('error', `Not run: ${form.problem}.`);
    this.host.post({
      type: 'runStart',
      text: this.ctx.requestText(),
      metadata: this.ctx.metadata(),
      deadlineMs: this.ctx.deadlineMs(),
      ...form.plan,
    });
    this.bar.value = 0;
    setText(this.progressText, 'Starting…');
  }
}
