/**
 * The Timing tab's "latency inside a stream": for bidi calls the round trip
 * of each request (paired with reply i in order, or by a correlation id the
 * person types), and for any stream whose replies carry the server's send
 * stamp the one-way delay of each message. The host computes both from the
 * call's recording; this view asks when a call ends, or on Measure during one.
 */
import type uPlot from 'uplot';
import type {
  MessageLatencyFigures,
  MethodKindName,
  PairingName,
  StreamLatencyResultMessage,
} from '../src/shared/protocol';
import { MESSAGE_STEPS, themeColor, themedAxis, ThemedChart } from './chart';
import { debounce, h, setText } from './dom';
import { field, xpButton } from './form-fields';
import { formatCount, formatMs } from './format';
import type { HostPort } from './host-port';
import { clockNote, latencyQuestion, oneWayExtras, orderNote, roundTripExtras } from './stream-latency-model';

/** Whole-message tick steps for the x axis (uPlot would otherwise label message 1.2). */

/** One part (round trip or one-way delay): a heading, a problem line, the figures and a chart. */
class LatencyPart {
  readonly element: HTMLElement;
  private readonly problem: HTMLElement;
  private readonly stats: HTMLElement;
  private readonly chart: ThemedChart;
  private readonly box: HTMLElement;

  constructor(id: string, title: string, yLabel: string, color: string, controls: HTMLElement[]) {
    this.problem = h('p', { id: `${id}-problem`, class: 'muted' }, 'Measured when the call ends (or press Measure).');
    this.stats = h('dl', { id: `${id}-stats`, class: 'stats run-stats', 'aria-label': `${title} statistics` });
    const box = (this.box = h('div', {
      id: `${id}-chart`,
      class: 'chart xp-chart latency-chart',
      role: 'img',
      'aria-label': `Chart: ${yLabel} per message`,
      hidden: true,
    }));
    this.chart = new ThemedChart(box, () => ({
      scales: { x: { time: false } },
      axes: [themedAxis('message #', { incrs: MESSAGE_STEPS }), themedAxis(`${yLabel} (ms)`, { size: 70 })],
      series: [{ label: 'message #' }, { label: `${yLabel} (ms)`, stroke: themeColor(color, '#3794ff'), width: 1.5 }],
      legend: { show: true },
    }));
    this.element = h(
      'section',
      { id, class: 'latency-part', 'aria-label': title },
      h('div', { class: 'xp-form' }, h('h3', {}, title), ...controls),
      this.problem,
      this.stats,
      box,
    );
  }

  /** The figures and their chart; `note` (e.g. why the figures may mislead) takes the problem line. */
  show(
    figures: MessageLatencyFigures,
    extra: [string, string][],
    series: { seq: number[]; valueUs: number[] },
    note = '',
  ): void {
    setText(this.problem, note);
    this.box.hidden = false;
    const items: [string, string][] = [
      ['Count', formatCount(figures.count)],
      ['Min', formatMs(figures.minUs)],
      ['p50', formatMs(figures.p50Us)],
      ['p95', formatMs(figures.p95Us)],
      ['p99', formatMs(figures.p99Us)],
      ['Max', formatMs(figures.maxUs)],
      ...extra,
    ];
    this.stats.replaceChildren(...items.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
    this.chart.set([series.seq, series.valueUs.map((u) => u / 1000)] as uPlot.AlignedData);
  }

  /** Why there is nothing to show; the chart goes away rather than stand empty with its legend. */
  fail(problem: string): void {
    setText(this.problem, problem);
    this.stats.replaceChildren();
    this.chart.set([[], []]);
    this.box.hidden = true;
  }
}

export class StreamLatencyView {
  readonly element: HTMLElement;
  private readonly roundTrip: LatencyPart | undefined;
  private readonly oneWay: LatencyPart;
  private readonly correlation: ReturnType<typeof field>;
  private readonly stamp: ReturnType<typeof field>;
  private pairing: PairingName = 'order';
  private callId = 0;
  /** The newest measurement asked for: an older answer that arrives late is dropped. */
  private pending = 0;

  constructor(
    private readonly host: HostPort,
    kind: MethodKindName,
  ) {
    const again = debounce(() => this.measure(), 400);
    this.correlation = field('pair-path', 'Correlation id', '', '$.id or $.seq=$.request.seq');
    this.correlation.input.addEventListener('input', () => this.pairing === 'field' && again());
    this.stamp = field('stamp-path', 'Send stamp', '', 'found by itself');
    this.stamp.input.addEventListener('input', again);
    const measure = xpButton('latency-measure', 'Measure', 'pulse', () => this.measure(), true);
    if (kind === 'bidi-streaming') {
      const radios = (['order', 'field'] as const).map((p) =>
        h('vscode-radio', {
          id: `pair-${p}`,
          name: 'pairing',
          value: p,
          label: p === 'order' ? 'Request i ↔ reply i' : 'By a field',
          checked: p === 'order',
        }),
      );
      const group = h('vscode-radio-group', { 'aria-label': 'How requests and replies are paired' }, ...radios);
      group.addEventListener('change', (e) => {
        this.pairing = (e.target as HTMLInputElement).value === 'field' ? 'field' : 'order';
        this.measure();
      });
      this.roundTrip = new LatencyPart('rtt', 'Round trip', 'round trip', '--vscode-charts-blue', [
        group,
        this.correlation.box,
        measure,
      ]);
    }
    this.oneWay = new LatencyPart('oneway', 'One-way delay', 'one-way delay', '--vscode-charts-green', [
      this.stamp.box,
      ...(this.roundTrip ? [] : [measure]),
    ]);
    this.element = h(
      'div',
      { id: 'stream-latency', class: 'stream-latency' },
      ...(this.roundTrip ? [this.roundTrip.element] : []),
      this.oneWay.element,
    );
  }

  /** A call ended (or a new one began): measure it. */
  callEnded(callId: number): void {
    this.callId = callId;
    this.measure();
  }

  callStarted(callId: number): void {
    this.callId = callId;
  }

  /** Asks the host; only the answer to the newest question is shown. */
  measure(): void {
    if (this.callId === 0) return;
    const q = latencyQuestion(this.pairing, this.correlation.input.value, this.stamp.input.value);
    if (!q.ok) return this.roundTrip?.fail(q.roundTripProblem);
    const asked = ++this.pending;
    void this.host
      .request<'streamLatency'>({ type: 'streamLatency', callId: this.callId, ...q.question })
      .then((m) => asked === this.pending && this.result(m));
  }

  private result(m: StreamLatencyResultMessage): void {
    if (m.callId !== this.callId) return; // the timing tab shows a newer call now
    const rt = m.roundTrip;
    if (rt) this.roundTrip?.show(rt.figures, roundTripExtras(rt), rt.series, orderNote(rt));
    else this.roundTrip?.fail(m.roundTripProblem ?? '');
    const ow = m.oneWay;
    if (ow) this.oneWay.show(ow.figures, oneWayExtras(ow), ow.series, clockNote(ow));
    else this.oneWay.fail(m.oneWayProblem ?? '');
  }
}
