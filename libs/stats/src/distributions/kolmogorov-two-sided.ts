/**
 * CDF and survival function of the two-sided one-sample Kolmogorov–Smirnov statistic D_n
 * (SciPy's `scipy.stats.kstwo`), choosing the algorithm by region exactly as Simard & L'Ecuyer
 * (2011), "Computing the two-sided Kolmogorov–Smirnov distribution", J. Stat. Softw. 39(11),
 * prescribe and as SciPy 1.17 `scipy/stats/_ksstats.py` `_kolmogn` implements: Ruben–Gambino
 * closed forms at the ends, 2·smirnov for x ≥ 1/2 and the far tail, Durbin/MTW or Pomeranz exactly
 * for n ≤ 140, and the Pelz–Good (1976) asymptotic series otherwise.
 * No npm package provides this distribution; this is a faithful port, checked against SciPy.
 */
import { clipProbability } from '../core/numeric';
import { kolmogorovCdfDurbin, kolmogorovCdfPomeranz } from './kolmogorov-exact';
import { smirnovSf } from './smirnov-one-sided';

const LOG_2PI = Math.log(2 * Math.PI);
const SQRT2PI = Math.sqrt(2 * Math.PI);
const SQRT3 = Math.sqrt(3);
const PI2 = Math.PI ** 2;
const PI4 = Math.PI ** 4;
const PI6 = Math.PI ** 6;
const MIN_LOG = -708;
// Stirling series coefficients (SciPy `_STIRLING_COEFFS`), highest degree first.
const STIRLING = [
  -0.029550653594771242, 0.00641025641025641, -0.0019175269175269176, 0.0008417508417508417, -0.0005952380952380953,
  0.0007936507936507937, -0.002777777777777778, 0.08333333333333333,
];

/** log(n!/n^n) by Stirling's series (SciPy `_log_nfactorial_div_n_pow_n`). */
function logFactorialOverPower(n: number): number {
  const rn = 1 / n;
  const y = rn / n;
  let poly = 0;
  for (const c of STIRLING) poly = poly * y + c;
  return Math.log(n) / 2 - n + LOG_2PI / 2 + rn * poly;
}

/** Pelz–Good approximation of Pr(D_n <= x) (SciPy `_kolmogn_PelzGood` with cdf=True). */
function pelzGoodCdf(n: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const z = Math.sqrt(n) * x;
  const z2 = z * z;
  const z3 = z2 * z;
  const z4 = z2 * z2;
  const z6 = z4 * z2;
  const qlog = -PI2 / 8 / z2;
  if (qlog < MIN_LOG) return 0;
  let q = Math.exp(qlog);
  const k1a = -z2;
  const k1b = PI2 / 4;
  const k2a = 6 * z6 + 2 * z4;
  const k2b = ((2 * z4 - 5 * z2) * PI2) / 4;
  const k2c = (PI4 * (1 - 2 * z2)) / 16;
  const k3d = (PI6 * (5 - 30 * z2)) / 64;
  const k3c = (PI4 * (-60 * z2 + 212 * z4)) / 16;
  const k3b = (PI2 * (135 * z4 - 96 * z6)) / 4;
  const k3a = -30 * z6 - 90 * z ** 8;
  const K = [0, 0, 0, 0];
  const maxk = Math.ceil((16 * z) / Math.PI);
  for (let k = maxk; k > 0; k--) {
    const m = 2 * k - 1;
    const m2 = m * m;
    const m4 = m2 * m2;
    const m6 = m4 * m2;
    const qpower = q ** (8 * k);
    const coeffs = [1, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4, k3a + k3b * m2 + k3c * m4 + k3d * m6];
    for (let i = 0; i < 4; i++) K[i] = K[i]! * qpower + coeffs[i]!;
  }
  const denominators = [z, 6 * z4, 72 * z ** 7, 6480 * z ** 10];
  for (let i = 0; i < 4; i++) K[i] = (K[i]! * q * SQRT2PI) / denominators[i]!;
  q = Math.exp(-PI2 / 2 / z2);
  let k2extra = 0;
  let k3extra = 0;
  for (let k = maxk; k > 0; k--) {
    const k2 = k * k;
    const qp = q ** k2;
    k2extra += k2 * qp;
    const kpi = Math.PI * k;
    k3extra += (SQRT3 * z + kpi) * (SQRT3 * z - kpi) * k2 * qp;
  }
  K[2]! += (k2extra * PI2 * SQRT2PI) / (-36 * z3);
  K[3]! += (k3extra * PI2 * SQRT2PI) / (216 * z6);
  for (let i = 0; i < 4; i++) K[i] = K[i]! / n ** (i / 2);
  return K[0]! + K[1]! + K[2]! + K[3]!;
}

function pick(cdfProb: number, sfProb: number, cdf: boolean): number {
  return clipProbability(cdf ? cdfProb : sfProb);
}

/** Pr(D_n <= x) when `cdf`, else Pr(D_n > x); SciPy `_kolmogn`. `n` must be a positive integer. */
export function kolmogorovTwoSided(n: number, x: number, cdf: boolean): number {
  if (!Number.isInteger(n) || n <= 0 || Number.isNaN(x)) return Number.NaN;
  if (x >= 1) return pick(1, 0, cdf);
  if (x <= 0) return pick(0, 1, cdf);
  const t = n * x;
  if (t <= 1) {
    if (t <= 0.5) return pick(0, 1, cdf);
    let prob: number;
    if (n <= 140) {
      prob = 1;
      for (let i = 1; i <= n; i++) prob *= i * (1 / n) * (2 * t - 1);
    } else {
      prob = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
    }
    return pick(prob, 1 - prob, cdf);
  }
  if (t >= n - 1) {
    const prob = 2 * (1 - x) ** n;
    return pick(1 - prob, prob, cdf);
  }
  if (x >= 0.5) {
    const prob = 2 * smirnovSf(n, x);
    return pick(1 - prob, prob, cdf);
  }
  const nxsquared = t * x;
  if (n <= 140) {
    if (nxsquared <= 0.754693) {
      const prob = kolmogorovCdfDurbin(n, x);
      return pick(prob, 1 - prob, cdf);
    }
    if (nxsquared <= 4) {
      const prob = kolmogorovCdfPomeranz(n, x);
      return pick(prob, 1 - prob, cdf);
    }
    const prob = 2 * smirnovSf(n, x);
    return pick(1 - prob, prob, cdf);
  }
  if (!cdf) {
    if (nxsquared >= 370) return 0;
    if (nxsquared >= 2.2) return clipProbability(2 * smirnovSf(n, x));
  }
  let cdfProb: number;
  if (nxsquared >= 18) cdfProb = 1;
  else if (n <= 100000 && n * x ** 1.5 <= 1.4) cdfProb = kolmogorovCdfDurbin(n, x);
  else cdfProb = pelzGoodCdf(n, x);
  return pick(cdfProb, 1 - cdfProb, cdf);
}
