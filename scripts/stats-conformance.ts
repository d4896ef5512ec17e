/**
 * Runs conformance files (`{ cases: [{ id, test, input, expected, rtol, atol }] }`, the format of
 * libs/stats/fixtures/*.json) through @modelgate/stats. Prints each failing case with got/expected and
 * ends with `N passed, M failed`; exits 1 when any case fails.
 *
 *   npm run stats:conformance -- libs/stats/fixtures/stats-reference.json [more.json …]
 */
import { readFileSync } from 'node:fs';
import { runConformance } from '@modelgate/stats';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: npm run stats:conformance -- FILE.json [FILE.json …]');
  process.exit(2);
}

const short = (v: unknown): string => {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
};

let passed = 0;
let failed = 0;
for (const file of files) {
  let outcomes;
  try {
    outcomes = runConformance(readFileSync(file, 'utf8'));
  } catch (e) {
    console.log(`${file}: cannot read cases (${e instanceof Error ? e.message : String(e)}); check the path and the file's format.`);
    failed += 1;
    continue;
  }
  for (const o of outcomes) {
    if (o.passed) {
      passed += 1;
      continue;
    }
    failed += 1;
    console.log(`FAIL ${o.id} (${o.test}) in ${file}`);
    if (o.error) console.log(`  error: ${o.error}`);
    for (const m of o.mismatches) console.log(`  ${m.path || '(value)'}: got ${short(m.got)}, expected ${short(m.expected)}`);
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
