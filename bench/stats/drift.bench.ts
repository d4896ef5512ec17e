/**
 * Data drift over 50 features × 10 000 rows against a 10 000-row reference, Evidently's automatic
 * method per feature (40 continuous → Wasserstein, 5 discrete numeric and 5 categorical →
 * Jensen–Shannon), against the floor of sorting all 100 numeric columns, in the same run.
 * Target: under 0.5 s.
 *   npm run bench:stats
 */
import { type FeatureType, type FeatureValues, dataDrift } from '@modelgate/stats';
import { seededNormal, seededUniform } from '../../libs/stats/src/testing/seeded-random';
import { interleavedMedians, ms } from './bench-timing';

const ROWS = 10_000;
const uniform = seededUniform(7);
const normal = seededNormal(uniform);
const labels = ['cat', 'dog', 'koala', 'fox', 'owl', 'emu'];

interface Feature {
  readonly type: FeatureType;
  readonly reference: FeatureValues;
  readonly current: FeatureValues;
}

function feature(i: number): Feature {
  if (i < 40) {
    const shift = i % 4 === 0 ? 0.3 : 0;
    return { type: 'num', reference: Array.from({ length: ROWS }, () => normal()), current: Array.from({ length: ROWS }, () => normal() + shift) };
  }
  if (i < 45) {
    const level = (): number => Math.floor(uniform() * 5);
    return { type: 'num', reference: Array.from({ length: ROWS }, level), current: Array.from({ length: ROWS }, level) };
  }
  const label = (): string => labels[Math.floor(uniform() * labels.length)]!;
  return { type: 'cat', reference: Array.from({ length: ROWS }, label), current: Array.from({ length: ROWS }, label) };
}

const features = Array.from({ length: 50 }, (_, i) => feature(i));
const numericColumns = features.filter((f) => f.type === 'num').flatMap((f) => [f.reference as number[], f.current as number[]]);

let drifted = 0;
const { subject: drift, reference: sortFloor } = interleavedMedians(
  () => {
    drifted = features.filter((f) => {
      const r = dataDrift(f.reference, f.current, f.type);
      return r.ok && r.driftDetected;
    }).length;
  },
  () => numericColumns.forEach((c) => Float64Array.from(c).sort()),
  9,
);
console.log(
  `drift 50 features x ${ROWS} rows vs ${ROWS}-row reference: ${ms(drift)} (target < 500 ms: ${(drift / 500).toFixed(2)} of budget); ` +
    `sorting the ${numericColumns.length} numeric columns ${ms(sortFloor)}: ratio ${(drift / sortFloor).toFixed(2)}; ${drifted} features drifted`,
);
