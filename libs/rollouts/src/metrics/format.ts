import type { MetricName } from '../types';
import { METRICS } from './metric-definitions';

/** Three significant digits, no exponent for everyday magnitudes. */
export function sig(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const abs = Math.abs(x);
  if (abs >= 1000) return x.toFixed(0);
  return Number(x.toPrecision(3)).toString();
}

/** A metric's value in its unit: proportions in percent, latency in ms. */
export function formatValue(metric: MetricName, value: number | null): string {
  if (value === null) return 'n/a';
  const kind = METRICS[metric].kind;
  if (kind === 'proportion' || kind === 'one_sample') return `${sig(value * 100)} %`;
  if (kind === 'quantile') return `${sig(value)} ms`;
  return sig(value);
}

/** A relative change, signed, in percent. */
export function formatRelative(x: number): string {
  return `${x >= 0 ? '+' : '−'}${sig(Math.abs(x) * 100)} %`;
}

export function formatP(p: number): string {
  return p < 0.0001 ? '< 0.0001' : `= ${sig(p)}`;
}

/** `p = 0.003 < 0.05`, or `p = 0.2 ≥ 0.05`: the comparison is printed as it is, never assumed. */
export function formatPAgainst(p: number, alpha: number): string {
  return `p ${formatP(p)} ${p < alpha ? '<' : '≥'} ${sig(alpha)}`;
}

export function formatSeconds(seconds: number): string {
  if (seconds >= 86400 && seconds % 3600 === 0) return `${sig(seconds / 86400)} d`;
  if (seconds >= 3600 && seconds % 60 === 0) return `${sig(seconds / 3600)} h`;
  return `${Math.round(seconds)} s`;
}
