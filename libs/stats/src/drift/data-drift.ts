import { notOk, type NotOk } from '../core/reasons';
import { sortedCopy } from '../core/numeric';
import { type CountTable, countTable, distinctInSorted, type FeatureValues } from './column-counts';
import { DRIFT_METHODS, type DriftMethod } from './drift-methods';

/** How a feature's values are compared. */
export type FeatureType =
  /** Numerical: values are ordered numbers. */
  | 'num'
  /** Categorical: values are labels, compared only for equality. */
  | 'cat';

export interface DataDriftOptions {
  /** Force a method instead of Evidently's automatic choice. */
  readonly method?: DriftMethod;
  /** Override the method's default threshold. */
  readonly threshold?: number;
}

export type DataDriftResult =
  | {
      readonly ok: true;
      readonly method: DriftMethod;
      /** Why this method ran (the rule that picked it, or the override). */
      readonly why: string;
      readonly score: number;
      readonly scoreKind: 'p_value' | 'distance';
      readonly threshold: number;
      readonly driftDetected: boolean;
    }
  | NotOk;

/** Evidently's sample-size boundary between test-based and distance-based methods. */
const LARGE_REFERENCE = 1000;

/**
 * Evidently's default per-feature method (evidentlyai/evidently@a4aa4c2
 * src/evidently/legacy/calculations/stattests/registry.py `_get_default_stattest`), from the
 * reference size, the feature type and the number of distinct values in both windows together.
 */
export function chooseDriftMethod(refLength: number, type: FeatureType, distinct: number): { method: DriftMethod; why: string } {
  if (refLength <= LARGE_REFERENCE) {
    if (type === 'num' && distinct > 5) return { method: 'ks', why: `numerical, ${distinct} distinct values > 5, reference ${refLength} <= 1000` };
    if (type === 'num' && distinct > 2) return { method: 'chisquare', why: `numerical, ${distinct} distinct values in 3..5, reference ${refLength} <= 1000` };
    if (type === 'cat' && distinct > 2) return { method: 'chisquare', why: `categorical, ${distinct} distinct values > 2, reference ${refLength} <= 1000` };
    return { method: 'z', why: `${distinct} distinct values <= 2 (binary), reference ${refLength} <= 1000` };
  }
  if (type === 'num' && distinct > 5) return { method: 'wasserstein', why: `numerical, ${distinct} distinct values > 5, reference ${refLength} > 1000` };
  return { method: 'jensenshannon', why: `${type === 'num' ? `numerical, ${distinct} distinct values <= 5` : 'categorical'}, reference ${refLength} > 1000` };
}

/**
 * Data drift of one feature: the current window against a reference window, with the method
 * chosen as Evidently does by default (KS, χ², z, Jensen–Shannon or normalised Wasserstein) or
 * forced by `options.method`, and Evidently's default thresholds. The result names the method,
 * why it ran, its score and whether that score is a p-value (drift when small) or a distance
 * (drift when large).
 *
 * @example
 * dataDrift([1, 2, 3, 4, 5, 6, 7], [1, 2, 3, 4, 5, 6, 7], 'num') // { method: 'ks', score: 1, driftDetected: false, … }
 */
export function dataDrift(reference: FeatureValues, current: FeatureValues, type: FeatureType, options: DataDriftOptions = {}): DataDriftResult {
  if (reference.length === 0 || current.length === 0) return notOk('empty_sample', 'Both the reference and the current window need values.');
  const numeric = type === 'num' && typeof reference[0] === 'number';
  const refSorted = numeric ? sortedCopy(reference as readonly number[]) : undefined;
  const curSorted = numeric ? sortedCopy(current as readonly number[]) : undefined;
  let table: CountTable | undefined;
  const counts = (): CountTable => (table ??= countTable(reference, current));
  const distinct = refSorted && curSorted ? distinctInSorted(refSorted, curSorted) : counts().keys.length;
  const chosen = options.method
    ? { method: options.method, why: `method ${options.method} set for this feature` }
    : chooseDriftMethod(refSorted?.length ?? reference.length, type, distinct);
  const spec = DRIFT_METHODS[chosen.method];
  if (spec.numericalOnly && !numeric) return notOk('invalid_input', `Method ${chosen.method} needs a numerical feature; choose chisquare, z or jensenshannon.`);
  const threshold = options.threshold ?? spec.threshold;
  const refLength = refSorted?.length ?? reference.length;
  const curLength = curSorted?.length ?? current.length;
  const score = spec.compute({ counts, refLength, curLength, refSorted, curSorted });
  return { ok: true, method: chosen.method, why: chosen.why, score, scoreKind: spec.score, threshold, driftDetected: spec.drifted(score, threshold) };
}
