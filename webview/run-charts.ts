/** The selected run's charts: a latency histogram (bars) and p50/p99 latency over time. */
import uPlot from 'uplot';
import type { RunView } from '../src/shared/protocol';
import { themeColor, themedAxis, ThemedChart } from './chart';
import { h } from './dom';

export class RunCharts {
  readonly element: HTMLElement;
  private readonly histogram: ThemedChart;
  private readonly overTime: ThemedChart;
  private logScale = false;

  constructor() {
    const histBox = h('div', {
      id: 'run-histogram',
      class: 'chart xp-chart',
      role: 'img',
      'aria-label': 'Latency histogram',
    });
    const timeBox = h('div', {
      id: 'run-over-time',
      class: 'chart xp-chart',
      role: 'img',
      'aria-label': 'Latency over time',
    });
    this.element = h('div', { class: 'xp-charts' }, histBox, timeBox);
    this.histogram = new ThemedChart(histBox, () => ({
      scales: { x: { time: false, distr: this.logScale ? 3 : 1 } },
      axes: [themedAxis('latency (ms)'), themedAxis('calls', { size: 60 })],
      series: [
        { label: 'latency (ms)' },
        {
          label: 'count',
          stroke: themeColor('--vscode-charts-blue', '#3794ff'),
          fill: themeColor('--vscode-charts-blue', '#3794ff') + '66',
          paths: uPlot.paths.bars!({ size: [0.9, 40] }),
          points: { show: false },
        },
      ],
      legend: { show: true },
    }));
    this.overTime = new ThemedChart(timeBox, () => ({
      scales: { x: { time: false } },
      axes: [themedAxis('time (s)'), themedAxis('latency (ms)', { size: 60 })],
      series: [
        { label: 'time (s)' },
        { label: 'p50 (ms)', stroke: themeColor('--vscode-charts-blue', '#3794ff'), width: 1.5 },
        { label: 'p99 (ms)', stroke: themeColor('--vscode-charts-orange', '#d18616'), width: 1 },
      ],
      legend: { show: true },
    }));
  }

  show(r: RunView): void {
    const { edgesUs, counts, logScale } = r.histogram;
    // One point per bucket, at its middle (geometric middle on a log axis).
    const mids = counts.map((_, i) => {
      const a = edgesUs[i]! / 1000;
      const b = edgesUs[i + 1]! / 1000;
      return logScale ? Math.sqrt(a * b) : (a + b) / 2;
    });
    if (logScale !== this.logScale) {
      this.logScale = logScale;
      this.histogram.reset();
    }
    this.histogram.set([mids, [...counts]]);
    const t = r.overTime;
    this.overTime.set([t.tMs.map((x) => x / 1000), t.p50Us.map((u) => u / 1000), t.p99Us.map((u) => u / 1000)]);
  }
}
