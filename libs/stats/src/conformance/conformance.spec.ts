import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { conformanceFileSchema, runCase, runConformance } from './conformance';

const here = __dirname;
// CI clones the repository with `shared/` beside it: <repo>/../shared/fixtures.
const sharedDir = path.resolve(here, '../../../../../shared/fixtures');
const ownFile = path.resolve(here, '../../fixtures/scipy-extra.json');
const sharedFiles = readdirSync(sharedDir).filter((f) => f.endsWith('.json')).map((f) => path.join(sharedDir, f));

describe.each([...sharedFiles, ownFile])('conformance cases of %s', (file) => {
  const { cases } = conformanceFileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));

  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const outcome = runCase(c);
    expect(outcome.error).toBeUndefined();
    expect(outcome.mismatches).toEqual([]);
    expect(outcome.passed).toBe(true);
  });
});

describe('the shared fixtures', () => {
  it('hold the 41 SciPy, 34 drift and 18 GrowthBook cases', () => {
    const count = (name: string): number => conformanceFileSchema.parse(JSON.parse(readFileSync(path.join(sharedDir, name), 'utf8'))).cases.length;
    expect([count('stats-reference.json'), count('drift-reference.json'), count('sequential-reference.json')]).toEqual([41, 34, 18]);
  });
});

describe('runConformance', () => {
  it('fails a case whose test name is unknown and lists the valid names', () => {
    const [outcome] = runConformance(JSON.stringify({ cases: [{ id: 'x-1', test: 'kolmogorov_magic', input: {}, expected: { pvalue: 1 }, rtol: 0, atol: 0 }] }));
    expect(outcome?.passed).toBe(false);
    expect(outcome?.error).toMatch(/Unknown test "kolmogorov_magic"\. Valid tests: .*ks_2samp/);
  });

  it('fails a case whose value is outside its tolerance and reports got and expected', () => {
    const input = { successes_a: 120, trials_a: 1000, successes_b: 150, trials_b: 1000 };
    // SciPy's value is 1.963049807622355; 1.97 is outside rtol 1e-6.
    const [outcome] = runConformance(JSON.stringify({ cases: [{ id: 'z-1', test: 'two_proportion_z', input, expected: { statistic: 1.97 }, rtol: 1e-6, atol: 0 }] }));
    expect(outcome?.passed).toBe(false);
    expect(outcome?.mismatches[0]?.path).toBe('statistic');
    expect(outcome?.mismatches[0]?.got).toBeCloseTo(1.963049807622355, 12);
  });

  it('fails a case whose expected field the runner does not produce', () => {
    const [outcome] = runConformance(JSON.stringify({ cases: [{ id: 'h-1', test: 'holm', input: { pvalues: [0.01] }, expected: { nonsense: 1 } }] }));
    expect(outcome?.passed).toBe(false);
  });
});
