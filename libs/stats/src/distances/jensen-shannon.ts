import { notOk } from '../core/reasons';
import type { DistanceResult } from '../core/result';

/** p·ln(p/q) with SciPy `rel_entr`'s conventions (0 at p = 0). */
function relEntr(p: number, q: number): number {
  if (p === 0) return 0;
  return p * Math.log(p / q);
}

/**
 * Jensen–Shannon distance between two discrete distributions (SciPy
 * `scipy.spatial.distance.jensenshannon(p, q, base)`): both are normalised to sum 1, m = (p + q)/2,
 * JS = sqrt((KL(p‖m) + KL(q‖m)) / 2 / ln(base)). A metric in [0, sqrt(ln 2 / ln base)]; natural log
 * when `base` is omitted. Lin (1991), IEEE Trans. Inf. Theory 37(1), 145–151.
 *
 * @example
 * jensenShannon([0.25, 0.25, 0.5], [0.2, 0.3, 0.5], 2) // { ok: true, distance: 0.0604117… }
 */
export function jensenShannon(p: readonly number[], q: readonly number[], base?: number): DistanceResult {
  if (p.length !== q.length || p.length === 0) return notOk('invalid_input', 'Pass two weight vectors over the same categories, in the same order.');
  const sp = p.reduce((s, v) => s + v, 0);
  const sq = q.reduce((s, v) => s + v, 0);
  if (!(sp > 0) || !(sq > 0) || p.some((v) => v < 0) || q.some((v) => v < 0)) {
    return notOk('invalid_input', 'Weights must be non-negative with a positive total.');
  }
  let js = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = p[i]! / sp;
    const qi = q[i]! / sq;
    const m = (pi + qi) / 2;
    js += relEntr(pi, m) + relEntr(qi, m);
  }
  if (base !== undefined) js /= Math.log(base);
  return { ok: true, distance: Math.sqrt(Math.max(0, js) / 2) };
}
