/**
 * The Runner tab's state without the DOM: reading its form into a run request, the progress line,
 * and which kept run is selected as runs come and go. Pure, so it is unit-tested; runner-view.ts
 * draws it.
 */
import {
  MAX_RUN_CONCURRENCY,
  MAX_RUN_TOTAL,
  type RunModeName,
  type RunProgressMessage,
  type RunStartRequest,
  type RunView,
  type RunsMessage,
} from '../src/shared/protocol';
import { formatCount, formatElapsed, formatMs } from './format';
import { readNumber } from './numbers';

export type RunField = 'total' | 'concurrency' | 'rate' | 'duration' | 'chain';
/** What the form asks for: everything of a runStart but the editor's request, metadata and deadline. */
export type RunPlan = Pick<RunStartRequest, 'mode' | 'total' | 'concurrency' | 'rate' | 'durationMs' | 'chain'>;

/** The form's plan, or the first field that is wrong and why (`field` undefined: the fields disagree). */
export function readRunForm(
  text: Readonly<Record<RunField, string>>,
  mode: RunModeName,
): { ok: true; plan: RunPlan } | { ok: false; field?: RunField; problem: string } {
  const nums = {
    total: readNumber(text.total, 'Calls (N)', 1, MAX_RUN_TOTAL),
    concurrency: readNumber(text.concurrency, 'Concurrency', 1, MAX_RUN_CONCURRENCY),
    rate: readNumber(text.rate, 'Rate', 0.001, 1e7, false),
    duration: readNumber(text.duration, 'Duration', 1, 2 ** 31 - 1),
  };
  for (const [k, v] of Object.entries(nums)) if (!v.ok) return { ok: false, field: k as RunField, problem: v.problem };
  const value = (x: (typeof nums)['total']) => (x.ok ? x.value : null);
  if (value(nums.total) === null && value(nums.duration) === null)
    return { ok: false, problem: 'give a number of calls (N) or a duration, or both' };
  const chain = text.chain.trim();
  return {
    ok: true,
    plan: {
      mode,
      total: value(nums.total),
      concurrency: value(nums.concurrency) ?? 1,
      rate: value(nums.rate),
      durationMs: value(nums.duration),
      chain: chain === '' ? null : chain,
    },
  };
}

/** `1,200 of 5,000 · 3 errors · 1.20 s` */
export function progressLine(m: RunProgressMessage): string {
  const of = m.total !== null ? ` of ${formatCount(m.total)}` : '';
  return `${formatCount(m.done)}${of} · ${formatCount(m.errors)} errors · ${formatElapsed(m.elapsedMs * 1000)}`;
}

/** The kept runs and the selected one: a new run gets selected; a cleared selection falls to the newest. */
export class RunsModel {
  runs: readonly RunView[] = [];
  selected: number | undefined;

  changed(m: Pick<RunsMessage, 'runs'>): void {
    const grew = m.runs.length > this.runs.length;
    this.runs = m.runs;
    if (grew || !m.runs.some((r) => r.id === this.selected)) this.selected = m.runs.at(-1)?.id;
  }

  select(id: number): void {
    this.selected = id;
  }

  get current(): RunView | undefined {
    return this.runs.find((r) => r.id === this.selected);
  }

  /** The results heading for the selected run. */
  get title(): string {
    const r = this.current;
    return r ? `Results · ${r.label}${r.cancelled ? ' (cancelled)' : ''}` : 'Results';
  }
}

/** The selected run's figures as the results list shows them. */
export function runStats(r: RunView): [string, string][] {
  const codes = Object.entries(r.statusCodes)
    .map(([k, v]) => `${k} ${formatCount(v)}`)
    .join(', ');
  const l = r.latency;
  return [
    ['Throughput', `${formatCount(r.throughput)} ${r.unit}s/s`],
    [r.unit === 'call' ? 'Calls' : 'Messages', `${formatCount(r.count)} in ${formatElapsed(r.elapsedUs)}`],
    ['Concurrency', String(r.concurrency)],
    ['Status codes', codes || '—'],
    ['min', formatMs(l.minUs)],
    ['p50', formatMs(l.p50Us)],
    ['p90', formatMs(l.p90Us)],
    ['p95', formatMs(l.p95Us)],
    ['p99', formatMs(l.p99Us)],
    ['p99.9', formatMs(l.p999Us)],
    ['max', formatMs(l.maxUs)],
    ['Last reply', r.lastResponse ?? '—'],
    ...(r.firstError ? ([['First error', r.firstError]] as [string, string][]) : []),
  ];
}
