/** What `grpc-explorer run` reports of each request, for people, `--json` and `--junit` alike. */
import { inRequestFileTerms } from '../core/requests/hints';
import type { RequestResult } from '../core/requests/runner';
import { EXIT, statusExit } from './exit';

export interface ReportedRequest {
  readonly title: string;
  /** 1-based, as editors show it. */
  readonly line: number;
  readonly method: string;
  readonly passed: boolean;
  /** `OK 1.2 ms, 1 sent, 1 received` or why it was not sent. */
  readonly summary: string;
  /** The first reason it failed ('' when it passed). */
  readonly failure: string;
  readonly failureType: 'assertion' | 'status' | 'not-sent' | '';
  readonly code?: number;
  readonly codeName?: string;
  readonly durationMs: number;
  readonly sent: number;
  readonly received: number;
  /** The last reply (canonical JSON). */
  readonly body?: unknown;
  readonly assertions: readonly { readonly source: string; readonly passed: boolean; readonly message: string }[];
  /** The exit status this request alone would give. */
  readonly exit: number;
}

export interface FileRun {
  /** As given on the command line (relative paths stay relative in reports). */
  readonly file: string;
  readonly results: ReportedRequest[];
}

export function reportRequest(r: RequestResult): ReportedRequest {
  const assertions = r.assertions.map((a) => ({ source: a.assertion.source, passed: a.passed, message: a.message }));
  const base = {
    title: r.title,
    line: r.request.line + 1,
    method: r.request.method,
    passed: r.passed,
    durationMs: Math.round(r.durationMs * 1000) / 1000,
    ...(r.body !== undefined ? { body: r.body } : {}),
    assertions,
  };
  if (r.error || !r.outcome) {
    // The file configures the request, not flags: advice names its settings (# @grpc-cacert, grpcs://…).
    const why = `line ${(r.error?.line ?? r.request.line) + 1}: ${inRequestFileTerms(r.error?.message ?? 'not sent')}`;
    const exit = r.error?.code !== undefined ? statusExit(r.error.code) : EXIT.local;
    return { ...base, summary: `not sent: ${why}`, failure: why, failureType: 'not-sent', sent: 0, received: 0, exit };
  }
  const o = r.outcome;
  const summary = `${o.codeName} ${formatMs(r.durationMs)}, ${o.sent} sent, ${o.received} received`;
  const failed = assertions.find((a) => !a.passed);
  const statusFailed = !r.passed && !failed;
  const failure = failed
    ? failed.message
    : statusFailed
      ? `${o.codeName}: ${inRequestFileTerms(o.error?.message ?? o.details)}`
      : '';
  return {
    ...base,
    summary,
    failure,
    failureType: r.passed ? '' : failed ? 'assertion' : 'status',
    code: o.code,
    codeName: o.codeName,
    sent: o.sent,
    received: o.received,
    exit: r.passed ? EXIT.ok : failed ? EXIT.assertion : statusExit(o.code),
  };
}

export function formatMs(ms: number): string {
  return ms < 10 ? `${ms.toFixed(2)} ms` : ms < 1000 ? `${ms.toFixed(1)} ms` : `${(ms / 1000).toFixed(2)} s`;
}
