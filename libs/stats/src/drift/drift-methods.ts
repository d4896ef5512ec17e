import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { chiSquareGoodnessOfFit } from '../tests/chi-square';
import { ksTwoSample } from '../tests/ks-two-sample';
import { jensenShannon } from '../distances/jensen-shannon';
import { wasserstein } from '../distances/wasserstein';
import { type CountTable, distinctInOne, sturgesShares } from './column-counts';

/** The per-feature drift methods of Evidently's default rule. */
export type DriftMethod =
  /** Two-sample Kolmogorov–Smirnov p-value (numerical, small reference). */
  | 'ks'
  /** χ² p-value of current counts against reference shares (few values, small reference). */
  | 'chisquare'
  /** Pooled two-proportion z p-value (binary features, small reference). */
  | 'z'
  /** Jensen–Shannon distance of the value shares (few values or categorical, large reference). */
  | 'jensenshannon'
  /** Wasserstein-1 distance over the reference's standard deviation (numerical, large reference). */
  | 'wasserstein';

/** Raw samples as sorted Float64Arrays (numerical features) plus the count table, built on demand. */
export interface DriftInput {
  readonly counts: () => CountTable;
  readonly refLength: number;
  readonly curLength: number;
  readonly refSorted?: Float64Array;
  readonly curSorted?: Float64Array;
}

/** How a method scores and when it flags drift (Evidently's default thresholds). */
export interface DriftMethodSpec {
  /** `p_value`: smaller = more evidence of drift; `distance`: larger = more drift. */
  readonly score: 'p_value' | 'distance';
  readonly threshold: number;
  readonly numericalOnly: boolean;
  readonly compute: (input: DriftInput) => number;
  readonly drifted: (score: number, threshold: number) => boolean;
}

const countsOf = (table: CountTable, side: 'reference' | 'current'): number[] => table.keys.map((k) => table[side].get(k) ?? 0);

/** χ² of current counts against reference counts scaled to the current size, over the union of values. */
function chiSquareScore({ counts, refLength, curLength }: DriftInput): number {
  const table = counts();
  const observed = countsOf(table, 'current');
  const expected = countsOf(table, 'reference').map((c) => (c * curLength) / refLength);
  const r = chiSquareGoodnessOfFit(observed, expected);
  if (r.ok) return r.pValue;
  // A value never seen in the reference: SciPy's statistic is infinite, the p-value 0.
  return observed.length > 1 ? 0 : 1;
}

/** Pooled two-proportion z where the smallest value is 0 and every other value 1 (Evidently `z_stattest`). */
function zScore({ counts, refLength, curLength }: DriftInput): number {
  const table = counts();
  const zeroKey = table.keys[0];
  if (table.keys.length <= 1) return 1;
  const p1 = (refLength - (table.reference.get(zeroKey!) ?? 0)) / refLength;
  const p2 = (curLength - (table.current.get(zeroKey!) ?? 0)) / curLength;
  const pooled = (p1 * refLength + p2 * curLength) / (refLength + curLength);
  const z = (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1 / refLength + 1 / curLength));
  return 2 * normalCdf(-Math.abs(z), 0, 1);
}

/** Evidently bins a numerical feature with more than this many distinct reference values. */
const HISTOGRAM_ABOVE_DISTINCT = 20;

/** JS distance (natural log) of the value shares, or of Sturges-histogram shares for a many-valued numerical feature. */
function jensenShannonScore({ counts, refLength, curLength, refSorted, curSorted }: DriftInput): number {
  let shares: { reference: number[]; current: number[] };
  if (refSorted && curSorted && distinctInOne(refSorted) > HISTOGRAM_ABOVE_DISTINCT) {
    shares = sturgesShares(refSorted, curSorted);
  } else {
    const table = counts();
    shares = { reference: countsOf(table, 'reference').map((c) => c / refLength), current: countsOf(table, 'current').map((c) => c / curLength) };
  }
  const r = jensenShannon(shares.reference, shares.current);
  return r.ok ? r.distance : Number.NaN;
}

function ksScore({ refSorted, curSorted }: DriftInput): number {
  const r = ksTwoSample(refSorted!, curSorted!);
  return r.ok ? r.pValue : Number.NaN;
}

/** W₁ normalised by the reference's population standard deviation, floored at 0.001. */
function wassersteinScore({ refSorted, curSorted }: DriftInput): number {
  const r = wasserstein(refSorted!, curSorted!);
  const x = refSorted!;
  let mean = 0;
  for (let i = 0; i < x.length; i++) mean += x[i]!;
  mean /= x.length;
  let ss = 0;
  for (let i = 0; i < x.length; i++) ss += (x[i]! - mean) ** 2;
  return r.ok ? r.distance / Math.max(Math.sqrt(ss / x.length), 0.001) : Number.NaN;
}

const below = (s: number, t: number): boolean => s < t;
const atOrAbove = (s: number, t: number): boolean => s >= t;

/**
 * The explicit registry of drift methods (Evidently, evidentlyai/evidently
 * src/evidently/legacy/calculations/stattests: ks_stattest, chisquare_stattest, z_stattest,
 * jensenshannon_stattest, wasserstein_distance_norm), with their default thresholds.
 */
export const DRIFT_METHODS: Readonly<Record<DriftMethod, DriftMethodSpec>> = {
  ks: { score: 'p_value', threshold: 0.05, numericalOnly: true, compute: ksScore, drifted: (s, t) => s <= t },
  chisquare: { score: 'p_value', threshold: 0.05, numericalOnly: false, compute: chiSquareScore, drifted: below },
  z: { score: 'p_value', threshold: 0.05, numericalOnly: false, compute: zScore, drifted: below },
  jensenshannon: { score: 'distance', threshold: 0.1, numericalOnly: false, compute: jensenShannonScore, drifted: atOrAbove },
  wasserstein: { score: 'distance', threshold: 0.1, numericalOnly: true, compute: wassersteinScore, drifted: atOrAbove },
};
