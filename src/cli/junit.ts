/**
 * A JUnit XML report of a `run`: one <testsuite> per request file, one
 * <testcase> per request, its assertions in <system-out> and the first failing
 * one (or the call's error) in <failure>. CI systems (GitHub Actions reporters,
 * GitLab, Jenkins) read this shape.
 */
import type { FileRun } from './run-report';

const escape = (s: string) =>
  s
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!)
    // XML 1.0 cannot hold most control characters, even escaped.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

const seconds = (ms: number) => (ms / 1000).toFixed(3);

export function junitXml(files: readonly FileRun[]): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const all = files.flatMap((f) => f.results);
  const failures = all.filter((r) => !r.passed).length;
  const time = all.reduce((t, r) => t + r.durationMs, 0);
  out.push(
    `<testsuites name="grpc-explorer run" tests="${all.length}" failures="${failures}" time="${seconds(time)}">`,
  );
  for (const f of files) {
    const fail = f.results.filter((r) => !r.passed).length;
    const t = f.results.reduce((s, r) => s + r.durationMs, 0);
    out.push(
      `  <testsuite name="${escape(f.file)}" tests="${f.results.length}" failures="${fail}" time="${seconds(t)}">`,
    );
    for (const r of f.results) {
      out.push(
        `    <testcase classname="${escape(f.file)}" name="${escape(r.title)}" time="${seconds(r.durationMs)}">`,
      );
      if (!r.passed)
        out.push(
          `      <failure message="${escape(r.failure)}" type="${escape(r.failureType)}">${escape(r.failure)}</failure>`,
        );
      const lines = [r.summary, ...r.assertions.map((a) => `${a.passed ? 'passed' : 'FAILED'}: ${a.message}`)];
      out.push(`      <system-out>${escape(lines.join('\n'))}</system-out>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}
