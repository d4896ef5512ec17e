import type { DetectorSignal, StreamingDetector } from './detector';

export interface DdmOptions {
  /** Updates (since the last reset) before any warning or drift may be raised. */
  readonly warmStart?: number;
  readonly warningThreshold?: number;
  readonly driftThreshold?: number;
}

/** DDM's checkpoint (see {@link Ddm.state}). */
export interface DdmState {
  readonly n: number;
  readonly p: number;
  readonly pMin: number | null;
  readonly sMin: number | null;
  readonly psMin: number | null;
  readonly warning: boolean;
  readonly drift: boolean;
}

/**
 * Drift Detection Method (Gama, Medas, Castillo & Rodrigues 2004, "Learning with drift detection",
 * SBIA, LNCS 3171, §3) on a 0/1 error stream, exactly as River's `river.drift.binary.DDM`
 * (online-ml/river river/drift/binary/ddm.py): with p the error rate since the last reset and
 * s = sqrt(p(1 − p)/n), track the minimum of p + s; warn when p + s > p_min + 2·s_min, flag a drift
 * when p + s > p_min + 3·s_min (thresholds configurable), only after `warmStart` updates.
 * O(1) memory.
 *
 * @example
 * const ddm = new Ddm(); ddm.update(1) // { warning: false, drift: false }
 */
export class Ddm implements StreamingDetector {
  private readonly warmStart: number;
  private readonly warningThreshold: number;
  private readonly driftThreshold: number;
  private n = 0;
  private p = 0;
  private pMin = Infinity;
  private sMin = Infinity;
  private psMin = Infinity;
  private warning = false;
  private drift = false;

  constructor(options: DdmOptions = {}) {
    this.warmStart = options.warmStart ?? 30;
    this.warningThreshold = options.warningThreshold ?? 2;
    this.driftThreshold = options.driftThreshold ?? 3;
  }

  update(x: number): DetectorSignal {
    if (this.drift) this.reset();
    this.n += 1;
    // River's running mean: p += (1/n)(x − p), in this order, so flags land on the same index.
    this.p += (1 / this.n) * (x - this.p);
    const s = Math.sqrt((this.p * (1 - this.p)) / this.n);
    if (this.n > this.warmStart) {
      if (this.p + s <= this.psMin) {
        this.pMin = this.p;
        this.sMin = s;
        this.psMin = this.p + s;
      }
      this.warning = this.p + s > this.pMin + this.warningThreshold * this.sMin;
      this.drift = this.p + s > this.pMin + this.driftThreshold * this.sMin;
      if (this.drift) this.warning = false;
    }
    return { warning: this.warning, drift: this.drift };
  }

  /** Everything the next update depends on, as JSON-safe numbers (∞ as null): a checkpoint. */
  state(): DdmState {
    const finite = (x: number) => (Number.isFinite(x) ? x : null);
    return { n: this.n, p: this.p, pMin: finite(this.pMin), sMin: finite(this.sMin), psMin: finite(this.psMin), warning: this.warning, drift: this.drift };
  }

  /** Resumes from a {@link state} checkpoint: the following updates flag exactly as if never interrupted. */
  restore(state: DdmState): this {
    ({ n: this.n, p: this.p, warning: this.warning, drift: this.drift } = state);
    [this.pMin, this.sMin, this.psMin] = [state.pMin ?? Infinity, state.sMin ?? Infinity, state.psMin ?? Infinity];
    return this;
  }

  private reset(): void {
    this.n = 0;
    this.p = 0;
    this.pMin = this.sMin = this.psMin = Infinity;
    this.warning = this.drift = false;
  }
}
