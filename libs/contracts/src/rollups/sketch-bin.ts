/**
 * The bins of the bounded per-feature sketches stored in `rollups.feature_sketches`
 * (`{ [feature]: { [bin]: count } }`) and of `rollups.latency_histogram` (`{ [upperBoundMs]: count }`).
 * Ingest writes them and analysis reads them, so the binning is defined once, here.
 *
 * Numeric values use logarithmic bins with a fixed growth factor, as DDSketch does
 * (Masson, Rim & Lee, "DDSketch", VLDB 2019, §2.1): bin k holds |x| in (γ^(k-1), γ^k], so any
 * quantile read back from the bins is within relative error (γ-1)/(γ+1) ≈ 2 % of the true one.
 * k is clamped to ±SKETCH_MAX_INDEX, so a feature never has more than 2·(2·800+1)+1 bins
 * whatever the number of events: the size is bounded by the value range, never by the count.
 */
export const SKETCH_GAMMA = 1.04;
/** 1.04^800 ≈ 4e13: values beyond fall into the edge bins. */
export const SKETCH_MAX_INDEX = 800;
/** The bin of every |x| ≤ γ^-800 ≈ 2.4e-14, zero included. */
export const ZERO_BIN = 'z';
/** Categorical values count under `c:<value>`; the reserved sketch of predicted labels. */
export const PREDICTED_LABEL_SKETCH = '$prediction';

const logGamma = Math.log(SKETCH_GAMMA);

/**
 * The bin key of a finite number: `p<k>` for x > 0, `m<k>` for x < 0, {@link ZERO_BIN} near zero.
 * @example numericBin(1) // 'p0'; numericBin(1.05) // 'p2'; numericBin(-0.5) // 'm-17'
 */
export function numericBin(x: number): string {
  const k = Math.ceil(Math.log(Math.abs(x)) / logGamma);
  if (!(k > -SKETCH_MAX_INDEX)) return ZERO_BIN;
  return `${x > 0 ? 'p' : 'm'}${Math.min(k, SKETCH_MAX_INDEX)}`;
}

/** The key of a categorical value. */
export function categoryBin(value: string): string {
  return `c:${value}`;
}

/**
 * The interval a numeric bin stands for, `[low, high]` on the real line, and a representative
 * value (the DDSketch estimate 2γ^k/(γ+1), signed). Returns undefined for a categorical key.
 */
export function numericBinRange(bin: string): { low: number; high: number; value: number } | undefined {
  if (bin === ZERO_BIN) return { low: 0, high: 0, value: 0 };
  const sign = bin[0] === 'p' ? 1 : bin[0] === 'm' ? -1 : 0;
  const k = Number(bin.slice(1));
  if (sign === 0 || !Number.isInteger(k)) return undefined;
  const [a, b] = [SKETCH_GAMMA ** (k - 1), SKETCH_GAMMA ** k];
  const value = (sign * 2 * b) / (SKETCH_GAMMA + 1);
  return sign > 0 ? { low: a, high: b, value } : { low: -b, high: -a, value };
}

/** Upper bounds (inclusive, ms) of the latency histogram's bins; the last bin is `+Inf`. */
export const LATENCY_BOUNDS_MS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000] as const;

/** The latency histogram key of a latency: the smallest bound ≥ it, or `+Inf`. */
export function latencyBin(latencyMs: number): string {
  const bound = LATENCY_BOUNDS_MS.find((upper) => latencyMs <= upper);
  return bound === undefined ? '+Inf' : String(bound);
}
