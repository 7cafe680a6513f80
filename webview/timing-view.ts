/**
 * The timing view: a uPlot chart of the gap before each message over the
 * stream (max and mean per bucket; the host downsamples to ≤2,048 points and,
 * after the whole series once, posts only the points that changed)
 * and the gap statistics of one direction (count, rate, min/p50/p95/p99/max),
 * computed on the host with an HDR histogram. Colours come from the VS Code
 * theme and the chart is rebuilt when the theme changes. The figures and the chart's columns come
 * from the pure timing-model.ts.
 */
import uPlot from 'uplot';
import type { DirectionStats, StatsMessage } from '../src/shared/protocol';
import { MESSAGE_STEPS } from './chart';
import { h } from './dom';
import { TimingModel, gapChartData, gapFigures } from './timing-model';

type Direction = 'received' | 'sent';
function themeColor(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

export class TimingView {
  readonly element: HTMLElement;
  private readonly chartBox: HTMLElement;
  private readonly statsList: HTMLElement;
  private chart: uPlot | undefined;
  private readonly model = new TimingModel();
  private direction: Direction = 'received';
  private visible = false;

  /** `askWhole`: a stats post was missed, so the series here has a hole: have the host send it whole. */
  constructor(private readonly askWhole: () => void) {
    const radios = (['received', 'sent'] as const).map((d) =>
      h('vscode-radio', {
        id: `timing-${d}`,
        name: 'timing-direction',
        value: d,
        label: d === 'received' ? 'Received' : 'Sent',
        checked: d === 'received',
      }),
    );
    const group = h('vscode-radio-group', { 'aria-label': 'Direction of the messages to chart' }, ...radios);
    group.addEventListener('change', (e) =>
      this.setDirection(((e.target as HTMLInputElement).value as Direction) || 'received'),
    );
    this.statsList = h('dl', { id: 'stats', class: 'stats', 'aria-label': 'Gap statistics' });
    this.chartBox = h('div', {
      id: 'chart',
      class: 'chart',
      role: 'img',
      'aria-label': 'Chart: gap before each message (ms) over the stream',
    });
    this.element = h('section', { id: 'timing', class: 'timing' }, group, this.statsList, this.chartBox);
    new ResizeObserver(() => this.resize()).observe(this.chartBox);
    new MutationObserver(() => this.rebuild()).observe(document.body, { attributes: true, attributeFilter: ['class'] });
  }

  update(m: StatsMessage): void {
    if (!this.model.apply(m)) return this.askWhole();
    if (this.visible) this.draw();
  }

  /** The call shown now is `callId`: forget another call's stats. */
  reset(callId: number): void {
    if (this.model.callId === callId) return;
    this.model.reset(callId);
    this.statsList.replaceChildren();
    this.chart?.setData([[], [], []]);
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    if (visible) this.draw();
  }

  private setDirection(d: Direction): void {
    this.direction = d;
    this.draw();
  }

  private draw(): void {
    const s = this.model.of(this.direction);
    if (!s) return;
    this.showStats(s.figures);
    const data: uPlot.AlignedData = gapChartData(s.series);
    if (!this.chart) this.chart = this.create(data);
    else this.chart.setData(data);
  }

  private showStats(s: DirectionStats): void {
    const items = gapFigures(s);
    this.statsList.replaceChildren(...items.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
  }

  private create(data: uPlot.AlignedData): uPlot {
    const fg = themeColor('--vscode-foreground', '#ccc');
    const grid = themeColor('--vscode-editorWidget-border', 'rgba(128,128,128,0.3)');
    const axis = { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
    const opts: uPlot.Options = {
      width: Math.max(200, this.chartBox.clientWidth),
      height: Math.max(120, this.chartBox.clientHeight - 30),
      scales: { x: { time: false }, y: { distr: 3 } },
      axes: [
        { ...axis, label: 'message #', incrs: MESSAGE_STEPS },
        { ...axis, label: 'gap (ms)', size: 70 },
      ],
      series: [
        { label: 'message #' },
        { label: 'max gap (ms)', stroke: themeColor('--vscode-charts-orange', '#d18616'), width: 1 },
        { label: 'mean gap (ms)', stroke: themeColor('--vscode-charts-blue', '#3794ff'), width: 1.5 },
      ],
      legend: { show: true },
      cursor: { drag: { x: true, y: false } },
    };
    return new uPlot(opts, data, this.chartBox);
  }

  private resize(): void {
    this.chart?.setSize({
      width: Math.max(200, this.chartBox.clientWidth),
      height: Math.max(120, this.chartBox.clientHeight - 30),
    });
  }

  /** The theme changed: canvas colours are baked in, so draw the chart anew. */
  private rebuild(): void {
    this.chart?.destroy();
    this.chart = undefined;
    if (this.visible) this.draw();
  }
}
