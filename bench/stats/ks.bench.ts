/**
 * KS on 2 × 100 000 samples against its physical floor, sorting both samples as Float64Arrays,
 * measured in the same run (medians of interleaved repetitions). Target: ratio <= 1.5.
 *   npm run bench:stats
 */
import { ksTwoSample } from '@modelgate/stats';
import { seededNormal, seededUniform } from '../../libs/stats/src/testing/seeded-random';
import { interleavedMedians, ms } from './bench-timing';

const N = 100_000;
const RUNS = 21;
const normal = seededNormal(seededUniform(42));

for (const [label, shift] of [['same distribution', 0], ['shift 0.02 sd', 0.02]] as const) {
  const a = Array.from({ length: N }, () => normal());
  const b = Array.from({ length: N }, () => normal() + shift);
  let result = ksTwoSample(a, b);
  const { subject: ks, reference: sortFloor } = interleavedMedians(
    () => (result = ksTwoSample(a, b)),
    () => {
      Float64Array.from(a).sort();
      Float64Array.from(b).sort();
    },
    RUNS,
  );
  const stat = result.ok ? `D ${result.statistic.toFixed(5)}, p ${result.pValue.toPrecision(4)} (${result.method})` : result.reason;
  console.log(`KS 2 x ${N} (${label}): ${ms(ks)} vs sorting both Float64Arrays ${ms(sortFloor)}: ratio ${(ks / sortFloor).toFixed(2)} (target <= 1.5); ${stat}`);
}
