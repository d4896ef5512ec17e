import type { DetectorSignal, StreamingDetector } from './detector';

export interface AdwinOptions {
  /** Confidence: the false-alarm bound of each test. */
  readonly delta?: number;
  /** Cuts are tested every `clock` updates. */
  readonly clock?: number;
  /** Summaries kept per row of the exponential histogram before the two oldest merge. */
  readonly maxBuckets?: number;
  /** Both sub-windows of a cut must hold at least this many values. */
  readonly minWindowLength?: number;
  /** No cut is tested before the window holds more than this many values. */
  readonly gracePeriod?: number;
}

/** ADWIN's checkpoint (see {@link Adwin.state}): the exponential histogram's rows and totals. */
export interface AdwinState {
  readonly totals: readonly (readonly number[])[];
  readonly variances: readonly (readonly number[])[];
  readonly total: number;
  readonly variance: number;
  readonly width: number;
  readonly tick: number;
  readonly drift: boolean;
}

/**
 * ADWIN, adaptive windowing (Bifet & Gavaldà 2007, "Learning from time-changing data with adaptive
 * windowing", SDM, ADWIN2 with exponential histograms), exactly as River 0.24.1's
 * `river/drift/adwin_c.pyx` with River's wrapper `river/drift/adwin.py`: the window is a list of rows,
 * row r holding up to maxBuckets + 1 summaries (total, variance) of 2^r values each; every `clock`
 * updates (once wider than `gracePeriod`) each cut from the oldest is tested with
 * ε = sqrt(2·m·v·δ′) + (2/3)·δ′·m, m = 1/(n₀ − L + 1) + 1/(n₁ − L + 1), v = window variance / width,
 * δ′ = ln(2·ln(width)/δ). A drift discards the whole window (River resets the helper on the next
 * update), so the first cut that drifts decides. O(log n) memory.
 *
 * @example
 * new Adwin().update(0.3) // { warning: false, drift: false }
 */
export class Adwin implements StreamingDetector {
  private readonly delta: number;
  private readonly clock: number;
  private readonly maxBuckets: number;
  private readonly minWindowLength: number;
  private readonly gracePeriod: number;
  /** totals[r][k], variances[r][k]: row r (newest rows first), summary k (oldest first). */
  private totals: number[][] = [[]];
  private variances: number[][] = [[]];
  private total = 0;
  private variance = 0;
  private width = 0;
  private tick = 0;
  private drift = false;

  constructor(options: AdwinOptions = {}) {
    this.delta = options.delta ?? 0.002;
    this.clock = options.clock ?? 32;
    this.maxBuckets = options.maxBuckets ?? 5;
    this.minWindowLength = options.minWindowLength ?? 5;
    this.gracePeriod = options.gracePeriod ?? 10;
  }

  update(x: number): DetectorSignal {
    if (this.drift) this.reset();
    this.tick += 1;
    this.insert(x);
    this.drift = this.tick % this.clock === 0 && this.width > this.gracePeriod && this.anyCutDrifts();
    return { warning: false, drift: this.drift };
  }

  /** Everything the next update depends on (O(log n) numbers): a checkpoint. */
  state(): AdwinState {
    const { total, variance, width, tick, drift } = this;
    return { totals: this.totals.map((row) => [...row]), variances: this.variances.map((row) => [...row]), total, variance, width, tick, drift };
  }

  /** Resumes from a {@link state} checkpoint: the following updates flag exactly as if never interrupted. */
  restore(state: AdwinState): this {
    ({ total: this.total, variance: this.variance, width: this.width, tick: this.tick, drift: this.drift } = state);
    this.totals = state.totals.map((row) => [...row]);
    this.variances = state.variances.map((row) => [...row]);
    return this;
  }

  private reset(): void {
    this.totals = [[]];
    this.variances = [[]];
    this.total = this.variance = this.width = this.tick = 0;
    this.drift = false;
  }

  private insert(x: number): void {
    this.totals[0]!.push(x);
    this.variances[0]!.push(0);
    this.width += 1;
    if (this.width > 1) {
      const d = x - this.total / (this.width - 1);
      this.variance += ((this.width - 1) * d * d) / this.width;
    }
    this.total += x;
    this.compress();
  }

  /** Merges the two oldest summaries of any row holding maxBuckets + 1 into the next row. */
  private compress(): void {
    for (let r = 0; r < this.totals.length; r++) {
      const totals = this.totals[r]!;
      const variances = this.variances[r]!;
      if (totals.length !== this.maxBuckets + 1) break;
      if (r + 1 === this.totals.length) {
        this.totals.push([]);
        this.variances.push([]);
      }
      const size = 2 ** r;
      const mu1 = totals[0]! / size;
      const mu2 = totals[1]! / size;
      const merged = (size * size * (mu1 - mu2) * (mu1 - mu2)) / (size + size);
      this.totals[r + 1]!.push(totals[0]! + totals[1]!);
      this.variances[r + 1]!.push(variances[0]! + variances[1]! + merged);
      totals.splice(0, 2);
      variances.splice(0, 2);
      if (this.totals[r + 1]!.length <= this.maxBuckets) break;
    }
  }

  private anyCutDrifts(): boolean {
    let n0 = 0;
    let n1 = this.width;
    let u0 = 0;
    let u1 = this.total;
    for (let r = this.totals.length - 1; r >= 0; r--) {
      const totals = this.totals[r]!;
      const size = 2 ** r;
      for (let k = 0; k < totals.length; k++) {
        n0 += size;
        n1 -= size;
        u0 += totals[k]!;
        u1 -= totals[k]!;
        if (r === 0 && k === totals.length - 1) return false;
        const deltaMean = u0 / n0 - u1 / n1;
        if (n1 >= this.minWindowLength && n0 >= this.minWindowLength && this.cutDrifts(n0, n1, deltaMean)) return true;
      }
    }
    return false;
  }

  private cutDrifts(n0: number, n1: number, deltaMean: number): boolean {
    const deltaPrime = Math.log((2 * Math.log(this.width)) / this.delta);
    const mRecip = 1 / (n0 - this.minWindowLength + 1) + 1 / (n1 - this.minWindowLength + 1);
    const epsilon = Math.sqrt(((2 * mRecip * this.variance) / this.width) * deltaPrime) + (2 / 3) * deltaPrime * mRecip;
    return Math.abs(deltaMean) > epsilon;
  }
}
