/**
 * The Lab tab (backpressure lab): the server streams `count` messages of
 * `size` bytes while the consumer spends `delay` ms on each; pause and resume
 * reading; an optional flow-control window. A live chart of sent (by the
 * server), received, processed, in flight and the server's blocked writes,
 * with the explanation of where the in-flight count settles beside it.
 */
import type uPlot from 'uplot';
import type {
  LabEndedMessage,
  LabExplainedMessage,
  LabSampleView,
  LabSamplesMessage,
  LabStartedMessage,
  MetadataRows,
} from '../src/shared/protocol';
import { MAX_RUN_TOTAL, MAX_WINDOW_BYTES } from '../src/shared/protocol';
import { themeColor, themedAxis, ThemedChart } from './chart';
import { h, setText } from './dom';
import { field, setDisabled, xpButton, type Button, type TextField } from './form-fields';
import { formatBytes, formatCount } from './format';
import { nextRequestId, post } from './host';
import { readNumber } from './numbers';

export interface LabContext {
  requestText(): string;
  metadata(): MetadataRows;
  notice(level: 'info' | 'warning' | 'error', text: string): void;
}

const SERIES: [
  key: 'serverSent' | 'received' | 'processed' | 'inFlight' | 'blockedWrites',
  label: string,
  color: string,
][] = [
  ['serverSent', 'sent by server', '--vscode-charts-purple'],
  ['received', 'received', '--vscode-charts-blue'],
  ['processed', 'processed', '--vscode-charts-green'],
  ['inFlight', 'in flight', '--vscode-charts-orange'],
  ['blockedWrites', 'blocked writes', '--vscode-charts-red'],
];

export class LabView {
  readonly element: HTMLElement;
  private readonly f: Record<'count' | 'size' | 'delay' | 'window', TextField>;
  private readonly b: Record<'start' | 'pause' | 'resume' | 'stop', Button>;
  private readonly state = h('p', { id: 'lab-state', class: 'muted' }, 'Press Start to stream.');
  private readonly explain = h('aside', { id: 'lab-explain', class: 'lab-explain', 'aria-live': 'polite' });
  private readonly chart: ThemedChart;
  private labId = -1;
  private cols: number[][] = [[], [], [], [], [], []];

  constructor(private readonly ctx: LabContext) {
    const count = field('lab-count', 'Count', '300');
    const size = field('lab-size', 'Size (bytes)', '1024');
    const delay = field('lab-delay', 'Consumer delay (ms)', '10');
    const window = field('lab-window', 'Window (bytes)', '', 'default 65535');
    this.f = { count: count.input, size: size.input, delay: delay.input, window: window.input };
    this.b = {
      start: xpButton('lab-start', 'Start', 'play', () => this.start()),
      pause: xpButton(
        'lab-pause',
        'Pause reading',
        'debug-pause',
        () => post({ type: 'labControl', action: 'pause' }),
        true,
      ),
      resume: xpButton(
        'lab-resume',
        'Resume',
        'debug-continue',
        () => post({ type: 'labControl', action: 'resume' }),
        true,
      ),
      stop: xpButton('lab-stop', 'Stop', 'debug-stop', () => post({ type: 'labControl', action: 'stop' }), true),
    };
    this.running(false);
    const box = h('div', {
      id: 'lab-chart',
      class: 'chart xp-chart',
      role: 'img',
      'aria-label': 'Flow-control counters over time',
    });
    this.chart = new ThemedChart(box, () => ({
      scales: { x: { time: false } },
      axes: [themedAxis('time (s)'), themedAxis('messages', { size: 60 })],
      series: [
        { label: 'time (s)' },
        ...SERIES.map(([, label, color]) => ({ label, stroke: themeColor(color, '#888'), width: 1.5 })),
      ],
      legend: { show: true },
    }));
    this.element = h(
      'section',
      { id: 'lab', class: 'lab' },
      h(
        'div',
        { class: 'xp-form', role: 'group', 'aria-label': 'Lab settings' },
        count.box,
        size.box,
        delay.box,
        window.box,
        ...Object.values(this.b),
        xpButton('lab-export-json', 'JSON', 'export', () => post({ type: 'labExport', format: 'json' }), true),
        xpButton('lab-export-csv', 'CSV', 'table', () => post({ type: 'labExport', format: 'csv' }), true),
      ),
      this.state,
      h('div', { class: 'lab-body' }, box, this.explain),
    );
  }

  started(m: LabStartedMessage): void {
    this.labId = m.labId;
    this.cols = [[], [], [], [], [], []];
    this.chart.set(this.cols as unknown as uPlot.AlignedData);
    this.running(true);
    setText(this.state, `Streaming: ${m.request}`);
    setText(this.explain, 'The explanation appears with the first message.');
  }

  /** Where in flight settles: known from the window, size and delay, so shown while the run goes. */
  explained(m: LabExplainedMessage): void {
    if (m.labId !== this.labId) return;
    this.explain.replaceChildren(
      h('h3', {}, `In flight settles near ${formatCount(m.expectedInFlight)}`),
      h('p', {}, m.explanation),
      ...(m.estimated ? [h('p', { class: 'muted' }, 'From the requested size; refined at the first message.')] : []),
    );
  }

  samples(m: LabSamplesMessage): void {
    if (m.labId !== this.labId) return;
    this.append(m.samples);
    this.chart.set(this.cols as unknown as uPlot.AlignedData);
    const s = m.samples.at(-1)!;
    const src = m.source === 'server' ? 'server counter' : 'seq stamps';
    setText(
      this.state,
      `${s.paused ? 'Paused · ' : ''}sent ${formatCount(s.serverSent)} (${src}) · received ${formatCount(s.received)} · processed ${formatCount(s.processed)} · in flight ${formatCount(s.inFlight)} · blocked writes ${formatCount(s.blockedWrites)}`,
    );
  }

  ended(m: LabEndedMessage): void {
    if (m.labId !== this.labId) return;
    this.running(false);
    if (m.history) {
      // The exact history from the server's send stamps replaces the live (sampled) series.
      this.cols = [[], [], [], [], [], []];
      this.append(m.history);
      this.chart.set(this.cols as unknown as uPlot.AlignedData);
    }
    const peak = m.history ? Math.max(0, ...m.history.map((s) => s.inFlight)) : null;
    setText(
      this.state,
      `Ended: ${m.codeName}${m.details ? ` (${m.details})` : ''} · messages of ${formatBytes(m.messageBytes)}` +
        (peak !== null
          ? ` · chart: exact history from the server's send stamps, in flight peaked at ${formatCount(peak)}`
          : ''),
    );
    this.explain.replaceChildren(
      h('h3', {}, `In flight settles near ${formatCount(m.expectedInFlight)}`),
      h('p', {}, m.explanation),
      ...(m.note ? [h('p', { class: 'muted' }, m.note)] : []),
    );
  }

  private append(samples: readonly LabSampleView[]): void {
    for (const s of samples) {
      this.cols[0]!.push(s.tMs / 1000);
      SERIES.forEach(([key], i) => this.cols[i + 1]!.push(s[key]));
    }
  }

  private running(on: boolean): void {
    setDisabled(this.b.start, on);
    setDisabled(this.b.pause, !on);
    setDisabled(this.b.resume, !on);
    setDisabled(this.b.stop, !on);
  }

  private start(): void {
    const nums = {
      count: readNumber(this.f.count.value, 'Count', 1, MAX_RUN_TOTAL),
      size: readNumber(this.f.size.value, 'Size', 0, 64 * 1024 * 1024),
      delay: readNumber(this.f.delay.value, 'Consumer delay', 0, 60_000, false),
      window: readNumber(this.f.window.value, 'Window', 1, MAX_WINDOW_BYTES),
    };
    for (const [k, v] of Object.entries(nums)) {
      this.f[k as keyof typeof nums].invalid = !v.ok;
      if (!v.ok) return this.ctx.notice('error', `Not started: ${v.problem}.`);
    }
    const value = (x: (typeof nums)['count']) => (x.ok ? x.value : null);
    post({
      type: 'labStart',
      requestId: nextRequestId(),
      text: this.ctx.requestText(),
      metadata: this.ctx.metadata(),
      count: value(nums.count),
      size: value(nums.size),
      consumerDelayMs: value(nums.delay) ?? 0,
      windowBytes: value(nums.window),
    });
  }
}
