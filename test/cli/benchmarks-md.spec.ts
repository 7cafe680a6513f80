// BENCHMARKS.md is shared: `npm run bench` rewrites only its own section (bench/report.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeInto } from '../../bench/report';

const section = (n: number) => `<!-- npm run bench: begin -->\n## Call engine\n\nrun ${n}\n<!-- npm run bench: end -->\n`;

test('the first run adds the bench section after the title and keeps the sections others wrote', () => {
  const other = '# Benchmarks\n\n## Extension activation\n\n14 ms\n';
  const merged = mergeInto(other, section(1));
  assert.match(merged, /^# Benchmarks\n\n<!-- npm run bench: begin -->\n## Call engine\n\nrun 1\n/);
  assert.ok(merged.endsWith('## Extension activation\n\n14 ms\n'), merged);
});

test('later runs replace only their own section', () => {
  const first = mergeInto('# Benchmarks\n\n## Extension activation\n\n14 ms\n', section(1));
  const second = mergeInto(first + '\n## Added later by someone else\n', section(2));
  assert.doesNotMatch(second, /run 1/);
  assert.match(second, /run 2/);
  assert.match(second, /## Extension activation\n\n14 ms\n/);
  assert.match(second, /## Added later by someone else\n$/);
  assert.equal(second.match(/npm run bench: begin/g)?.length, 1);
});

test('an empty or missing file gets a title', () => {
  assert.match(mergeInto('', section(1)), /^# Benchmarks\n\n<!-- npm run bench: begin -->/);
});
