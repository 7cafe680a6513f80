/**
 * The kept runs of this target, side by side: one row per run with its
 * throughput and percentiles and the ratios against the first run (the
 * baseline); a click selects the run the results and exports are about.
 */
import type { RunView } from '../src/shared/protocol';
import { h } from './dom';
import { xpButton } from './form-fields';
import { formatCount, formatMs } from './format';
import type { HostPort } from './host-port';
import { formatRatio } from './numbers';

const COLUMNS: [string, string | undefined][] = [
  ['Run', undefined],
  ['Thr. ×', 'Throughput ÷ the first run’s'],
  ['p50 ×', 'p50 latency ÷ the first run’s'],
  ['Count', undefined],
  ['Throughput', 'Calls (or messages) completed per second'],
  ['p50', undefined],
  ['p99', undefined],
  ['p99.9', undefined],
  ['Errors', undefined],
];

export class RunsTable {
  readonly element: HTMLElement;
  private readonly body = h('tbody');
  private selected: number | undefined;

  constructor(
    host: HostPort,
    private readonly onSelect: (id: number) => void,
  ) {
    const exportAs = (format: 'json' | 'csv' | 'ghz' | 'k6') => () =>
      this.selected !== undefined && host.post({ type: 'runExport', runId: this.selected, format });
    this.element = h(
      'div',
      { class: 'runs' },
      h(
        'div',
        { class: 'xp-form', role: 'toolbar', 'aria-label': 'Selected run' },
        h('h3', { id: 'runs-title' }, 'Kept runs'),
        xpButton('run-export-json', 'JSON', 'export', exportAs('json'), true),
        xpButton('run-export-csv', 'CSV', 'table', exportAs('csv'), true),
        xpButton('run-copy-ghz', 'Copy ghz', 'copy', exportAs('ghz'), true),
        xpButton('run-copy-k6', 'Copy k6', 'copy', exportAs('k6'), true),
        xpButton('runs-clear', 'Clear', 'clear-all', () => host.post({ type: 'runsClear' }), true),
      ),
      h(
        'div',
        { class: 'runs-scroll' },
        h(
          'table',
          { id: 'runs', class: 'runs-table', 'aria-labelledby': 'runs-title' },
          h('thead', {}, h('tr', {}, ...COLUMNS.map(([c, title]) => h('th', { scope: 'col', title }, c)))),
          this.body,
        ),
      ),
    );
  }

  update(runs: readonly RunView[], selected: number | undefined): void {
    this.selected = selected;
    this.body.replaceChildren(...runs.map((r) => this.row(r, r.id === selected)));
  }

  private row(r: RunView, selected: boolean): HTMLElement {
    const vs = r.vsBaseline;
    const cells = [
      r.label + (r.cancelled ? ' (cancelled)' : ''),
      vs ? formatRatio(vs.throughputRatio) : 'baseline',
      vs ? formatRatio(vs.p50Ratio) : 'baseline',
      formatCount(r.count),
      `${formatCount(r.throughput)}/s`,
      formatMs(r.latency.p50Us),
      formatMs(r.latency.p99Us),
      formatMs(r.latency.p999Us),
      formatCount(r.errors),
    ];
    const tr = h(
      'tr',
      {
        id: `run-${r.id}`,
        class: selected ? 'selected' : '',
        tabindex: 0,
        'aria-selected': selected,
        title: vs?.summary,
      },
      ...cells.map((c) => h('td', {}, c)),
    );
    const pick = () => this.onSelect(r.id);
    tr.addEventListener('click', pick);
    tr.addEventListener('keydown', (e) => (e.key === 'Enter' || e.key === ' ') && pick());
    return tr;
  }
}
