/**
 * Seeded random numbers for simulations, specs and benchmarks (never for analyses: the library
 * takes data, not randomness). sfc32 (Chris Doty-Humphrey's PractRand "small fast counting"
 * generator) seeded by splitmix32; Box–Muller normals; binomials by inverting a CDF table.
 */
import gammaln from '@stdlib/math-base-special-gammaln';

export type Uniform = () => number;

/** A uniform [0, 1) generator from a 32-bit seed. */
export function seededUniform(seed: number): Uniform {
  let s = seed >>> 0;
  const splitmix = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  return () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
}

/** Standard normal draws by Box–Muller. */
export function seededNormal(uniform: Uniform): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

/**
 * Binomial(n, p) draws by inverting the CDF, tabulated over mean ± 12 sd (the mass outside is
 * below 1e-30), so a draw costs one uniform and a binary search even for n in the hundred thousands.
 */
export function binomialSampler(n: number, p: number, uniform: Uniform): () => number {
  const sd = Math.sqrt(n * p * (1 - p));
  const lo = Math.max(0, Math.floor(n * p - 12 * sd - 1));
  const hi = Math.min(n, Math.ceil(n * p + 12 * sd + 1));
  const logC = gammaln(n + 1);
  const cdf = new Float64Array(hi - lo + 1);
  let acc = 0;
  for (let k = lo; k <= hi; k++) {
    acc += Math.exp(logC - gammaln(k + 1) - gammaln(n - k + 1) + k * Math.log(p) + (n - k) * Math.log1p(-p));
    cdf[k - lo] = acc;
  }
  return () => {
    const u = uniform() * acc;
    let left = 0;
    let right = cdf.length - 1;
    while (left < right) {
      const mid = (left + right) >> 1;
      if (cdf[mid]! < u) left = mid + 1;
      else right = mid;
    }
    return lo + left;
  };
}
