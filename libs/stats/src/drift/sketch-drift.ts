/**
 * Data drift of one feature from two bounded sketches (`{ bin: count }`, the bins of
 * `@modelgate/contracts` sketch-bin.ts) instead of two raw samples: the reference's and the current
 * window's. The cost depends on the number of bins (≤ ~3 200 per numeric feature, ≤ 257 per
 * categorical one), never on the number of events behind them.
 *
 * How the test on a sketch relates to the test on the raw values: every numeric value is replaced
 * by its bin's representative (DDSketch, relative error ≤ (γ−1)/(γ+1) ≈ 2 %), so each method runs,
 * unchanged, on the binned sample; categories are exact (up to the 256 most frequent per row).
 * - Method choice: Evidently's rule (`chooseDriftMethod`) on the sketch counts: n = the reference
 *   count, distinct = the distinct bins of both windows (≤ the raw distinct values: values closer
 *   than 2 % share a bin, so a continuous feature still has far more than 5).
 * - `ks`: D = sup |F_ref − F_cur| evaluated at bin edges, which is the raw D evaluated on the
 *   coarser grid: |D_sketch − D_raw| ≤ the largest share of one bin in either window (~5 % near
 *   the mode of a feature whose sd is 8x its bin width). The p-value is SciPy's `ks_2samp` rule
 *   for (D, n, m): exact lattice paths up to 10 000 values, else asymptotic; near the threshold a
 *   verdict can therefore differ from the raw one, far from it (no shift, or a real one) it does not.
 * - `wasserstein`: W₁ = Σ |F_ref − F_cur| · Δx between bin representatives over the reference's
 *   standard deviation (weighted); each value moves by ≤ 2 % of itself, so W₁ moves by ≤ 2·2 % of
 *   the mean |x| at worst, and in practice far less (both windows are binned alike).
 * - `jensenshannon`: Evidently's Sturges histogram (more than 20 distinct reference bins) built on
 *   the representatives, or the shares per bin/category; `chisquare`, `z`: on the bin/category counts.
 * - `psi`: on the sketch bins themselves (empty bins floored at 1e-4, as `psiFromReference`).
 * The spec (sketch-drift.spec.ts) checks on the same seeded data that the verdict equals the raw
 * verdict of `dataDrift` and states the numeric tolerance per method.
 *
 * @example
 * sketchDrift({ 'c:cat': 60, 'c:dog': 40 }, { 'c:cat': 30, 'c:dog': 70 }) // { method: 'z', driftDetected: true, … }
 */
import { numericBinRange } from '@modelgate/contracts';
import { notOk, type NotOk } from '../core/reasons';
import { clipProbability, gcd, roundHalfEven } from '../core/numeric';
import { kolmogorovTwoSided } from '../distributions/kolmogorov-two-sided';
import { populationStabilityIndex } from '../distances/population-stability-index';
import { jensenShannon } from '../distances/jensen-shannon';
import { exactKsPValue } from '../tests/ks-exact-paths';
import type { CountTable } from './column-counts';
import { chooseDriftMethod, type FeatureType } from './data-drift';
import { DRIFT_METHODS, type DriftMethod } from './drift-methods';

/** A feature's bounded sketch: bin key → count. */
export type Sketch = Readonly<Record<string, number>>;

/** The methods a monitor may name: Evidently's five and PSI. */
export type SketchDriftMethod = DriftMethod | 'psi';
export const SKETCH_DRIFT_METHODS: readonly SketchDriftMethod[] = [...(Object.keys(DRIFT_METHODS) as DriftMethod[]), 'psi'];
/** PSI's usual "moderate shift" boundary (Siddiqi 2006), Evidently's default for `psi`. */
const PSI_THRESHOLD = 0.1;
const EMPTY_BIN_SHARE = 1e-4;

export interface SketchDriftOptions {
  readonly method?: SketchDriftMethod;
  readonly threshold?: number;
}

export type SketchDriftResult =
  | {
      readonly ok: true;
      readonly type: FeatureType;
      readonly method: SketchDriftMethod;
      readonly why: string;
      readonly score: number;
      /** KS only: the statistic D on the bins (the score is its p-value); null for the other methods. */
      readonly statistic: number | null;
      readonly scoreKind: 'p_value' | 'distance';
      readonly threshold: number;
      readonly driftDetected: boolean;
      readonly refLength: number;
      readonly curLength: number;
    }
  | NotOk;

/** One bin of both windows, numeric bins ordered by value. */
interface Cell {
  readonly key: string;
  readonly value: number;
  readonly ref: number;
  readonly cur: number;
}

function cellsOf(reference: Sketch, current: Sketch): { cells: Cell[]; type: FeatureType } {
  const keys = [...new Set([...Object.keys(reference), ...Object.keys(current)])];
  const values = keys.map((k) => numericBinRange(k)?.value);
  const type: FeatureType = values.every((v) => v !== undefined) ? 'num' : 'cat';
  const cells = keys
    .map((key, i) => ({ key, value: type === 'num' ? values[i]! : 0, ref: reference[key] ?? 0, cur: current[key] ?? 0 }))
    .filter((c) => c.ref + c.cur > 0);
  cells.sort((a, b) => (type === 'num' ? a.value - b.value : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { cells, type };
}

const total = (cells: readonly Cell[], side: 'ref' | 'cur'): number => cells.reduce((s, c) => s + c[side], 0);

/** The count table of the binned samples, for the count-based methods of the registry. */
function countTableOf(cells: readonly Cell[]): CountTable {
  return {
    keys: cells.map((c) => c.key),
    reference: new Map(cells.map((c) => [c.key, c.ref])),
    current: new Map(cells.map((c) => [c.key, c.cur])),
  };
}

/** Largest ECDF gap over the bin edges. */
function ksStatistic(cells: readonly Cell[], n1: number, n2: number): number {
  let [fr, fc, d] = [0, 0, 0];
  for (const c of cells) {
    fr += c.ref;
    fc += c.cur;
    d = Math.max(d, Math.abs(fr / n1 - fc / n2));
  }
  return d;
}

/** SciPy `ks_2samp`'s two-sided p-value for D (see ks-two-sample.ts). */
function ksPValue(d: number, n1: number, n2: number): number {
  const g = gcd(n1, n2);
  if (Math.max(n1, n2) <= 10_000) {
    const lcm = (n1 / g) * n2;
    const h = roundHalfEven(d * lcm);
    const exact = h === 0 ? 1 : exactKsPValue(n1, n2, g, h, true);
    if (exact !== undefined) return clipProbability(exact);
  }
  return clipProbability(kolmogorovTwoSided(roundHalfEven((n1 * n2) / (n1 + n2)), d, false));
}

/** W₁ between the binned windows over the reference's population standard deviation (floored at 0.001). */
function wassersteinOnCells(cells: readonly Cell[], n1: number, n2: number): number {
  let [fr, fc, w, mean] = [0, 0, 0, 0];
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i]!;
    mean += c.value * c.ref;
    fr += c.ref;
    fc += c.cur;
    if (i + 1 < cells.length) w += Math.abs(fr / n1 - fc / n2) * (cells[i + 1]!.value - c.value);
  }
  mean /= n1;
  const variance = cells.reduce((s, c) => s + c.ref * (c.value - mean) ** 2, 0) / n1;
  return w / Math.max(Math.sqrt(variance), 0.001);
}

/** Evidently's Sturges histogram of both windows together (see `sturgesShares`), over bin representatives. */
function sturgesJensenShannon(cells: readonly Cell[], n1: number, n2: number): number {
  let lo = cells[0]!.value;
  let hi = cells[cells.length - 1]!.value;
  if (lo === hi) [lo, hi] = [lo - 0.5, hi + 0.5];
  const bins = Math.ceil(Math.log2(n1 + n2) + 1);
  const step = (hi - lo) / bins;
  const ref = new Array<number>(bins).fill(0);
  const cur = new Array<number>(bins).fill(0);
  for (const c of cells) {
    const bin = Math.min(bins - 1, Math.max(0, Math.floor((c.value - lo) / step)));
    ref[bin]! += c.ref / n1;
    cur[bin]! += c.cur / n2;
  }
  const r = jensenShannon(ref, cur);
  return r.ok ? r.distance : Number.NaN;
}

function psiOnCells(cells: readonly Cell[], n1: number, n2: number): number {
  const r = populationStabilityIndex(
    cells.map((c) => Math.max(c.ref / n1, EMPTY_BIN_SHARE)),
    cells.map((c) => Math.max(c.cur / n2, EMPTY_BIN_SHARE)),
  );
  return r.ok ? r.distance : Number.NaN;
}

/** Evidently bins a numerical feature with more than this many distinct reference values (drift-methods.ts). */
const HISTOGRAM_ABOVE_DISTINCT = 20;

function score(method: SketchDriftMethod, cells: readonly Cell[], type: FeatureType, n1: number, n2: number): number {
  if (method === 'psi') return psiOnCells(cells, n1, n2);
  if (method === 'ks') return ksPValue(ksStatistic(cells, n1, n2), n1, n2);
  if (method === 'wasserstein') return wassersteinOnCells(cells, n1, n2);
  if (method === 'jensenshannon' && type === 'num' && cells.filter((c) => c.ref > 0).length > HISTOGRAM_ABOVE_DISTINCT) {
    return sturgesJensenShannon(cells, n1, n2);
  }
  const table = countTableOf(cells);
  return DRIFT_METHODS[method].compute({ counts: () => table, refLength: n1, curLength: n2 });
}

/**
 * Drift of one feature between a reference sketch and a current sketch, by Evidently's automatic
 * choice (or `options.method`), with the method's default threshold (or `options.threshold`).
 */
export function sketchDrift(reference: Sketch, current: Sketch, options: SketchDriftOptions = {}): SketchDriftResult {
  const { cells, type } = cellsOf(reference, current);
  const n1 = total(cells, 'ref');
  const n2 = total(cells, 'cur');
  if (n1 === 0 || n2 === 0) return notOk('empty_sample', 'Both the reference and the current window need values: wait for traffic, or check the reference.');
  const chosen = options.method
    ? { method: options.method, why: `method ${options.method} set for this monitor` }
    : chooseDriftMethod(n1, type, cells.length);
  const numericalOnly = chosen.method !== 'psi' && DRIFT_METHODS[chosen.method].numericalOnly;
  if (numericalOnly && type !== 'num') return notOk('invalid_input', `Method ${chosen.method} needs a numerical feature; choose chisquare, z, jensenshannon or psi.`);
  const spec = chosen.method === 'psi' ? { score: 'distance' as const, threshold: PSI_THRESHOLD } : DRIFT_METHODS[chosen.method];
  const threshold = options.threshold ?? spec.threshold;
  const value = score(chosen.method, cells, type, n1, n2);
  const driftDetected = chosen.method === 'psi' ? value >= threshold : DRIFT_METHODS[chosen.method].drifted(value, threshold);
  const statistic = chosen.method === 'ks' ? ksStatistic(cells, n1, n2) : null;
  return { ok: true, type, method: chosen.method, why: chosen.why, score: value, statistic, scoreKind: spec.score, threshold, driftDetected, refLength: n1, curLength: n2 };
}
