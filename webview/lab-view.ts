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
  LabSamplesMessage,
  LabStartedMessage,
  MetadataRows,
} from '../src/shared/protocol';
import { themeColor, themedAxis, ThemedChart } from './chart';
import { h, setText } from './dom';
import { field, setDisabled, xpButton, type Button, type TextField } from './form-fields';
import { formatCount } from './format';
import type { HostPort } from './host-port';
import { endedLine, LabRun, readLabForm, samplesLine } from './lab-model';

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
  private readonly run = new LabRun();

  constructor(
    private readonly host: HostPort,
    private readonly ctx: LabContext,
  ) {
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
        () => host.post({ type: 'labControl', action: 'pause' }),
        true,
      ),
      resume: xpButton(
        'lab-resume',
        'Resume',
        'debug-continue',
        () => host.post({ type: 'labControl', action: 'resume' }),
        true,
      ),
      stop: xpButton('lab-stop', 'Stop', 'debug-stop', () => host.post({ type: 'labControl', action: 'stop' }), true),
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
        xpButton('lab-export-json', 'JSON', 'export', () => host.post({ type: 'labExport', format: 'json' }), true),
        xpButton('lab-export-csv', 'CSV', 'table', () => host.post({ type: 'labExport', format: 'csv' }), true),
      ),
      this.state,
      h('div', { class: 'lab-body' }, box, this.explain),
    );
  }

  started(m: LabStartedMessage): void {
    this.run.started(m.labId);
    this.chart.set(this.run.cols as unknown as uPlot.AlignedData);
    this.running(true);
    setText(this.state, `Streaming: ${m.request}`);
    setText(this.explain, 'The explanation appears with the first message.');
  }

  /** Where in flight settles: known from the window, size and delay, so shown while the run goes. */
  explained(m: LabExplainedMessage): void {
    if (!this.run.isCurrent(m)) return;
    this.explain.replaceChildren(
      h('h3', {}, `In flight settles near ${formatCount(m.expectedInFlight)}`),
      h('p', {}, m.explanation),
      ...(m.estimated ? [h('p', { class: 'muted' }, 'From the requested size; refined at the first message.')] : []),
    );
  }

  samples(m: LabSamplesMessage): void {
    if (!this.run.isCurrent(m)) return;
    this.run.append(m.samples);
    this.chart.set(this.run.cols as unknown as uPlot.AlignedData);
    setText(this.state, samplesLine(m));
  }

  ended(m: LabEndedMessage): void {
    if (!this.run.isCurrent(m)) return;
    this.running(false);
    this.run.ended(m);
    if (m.history) this.chart.set(this.run.cols as unknown as uPlot.AlignedData);
    setText(this.state, endedLine(m));
    this.explain.replaceChildren(
      h('h3', {}, `In flight settles near ${formatCount(m.expectedInFlight)}`),
      h('p', {}, m.explanation),
      ...(m.note ? [h('p', { class: 'muted' }, m.note)] : []),
    );
  }

  private running(on: boolean): void {
    setDisabled(this.b.start, on);
    setDisabled(this.b.pause, !on);
    setDisabled(this.b.resume, !on);
    setDisabled(this.b.stop, !on);
  }

  private start(): void {
    const form = readLabForm({
      count: this.f.count.value,
      size: this.f.size.value,
      delay: this.f.delay.value,
      window: this.f.window.value,
    });
    for (const k of ['count', 'size', 'delay', 'window'] as const) this.f[k].invalid = !form.ok && form.field === k;
    if (!form.ok) return this.ctx.notice('error', `Not started: ${form.problem}.`);
    this.host.post({
      type: 'labStart',
      text: this.ctx.requestText(),
      metadata: this.ctx.metadata(),
      ...form.plan,
    });
  }
}
