import type { DetectorSignal, StreamingDetector } from './detector';

export interface PageHinkleyOptions {
  readonly minInstances?: number;
  /** Magnitude of change tolerated. */
  readonly delta?: number;
  /** λ: the cumulative deviation that flags a drift. */
  readonly threshold?: number;
  /** Forgetting factor of the cumulative sums. */
  readonly alpha?: number;
  /** Watch increases, decreases or both. */
  readonly mode?: 'up' | 'down' | 'both';
}

/** Page–Hinkley's checkpoint (see {@link PageHinkley.state}). */
export interface PageHinkleyState {
  readonly n: number;
  readonly mean: number;
  readonly sumIncrease: number;
  readonly sumDecrease: number;
  readonly minIncrease: number | null;
  readonly maxDecrease: number;
  readonly drift: boolean;
}

/**
 * Page–Hinkley change detection (Page 1954, "Continuous inspection schemes", Biometrika 41, 100–115),
 * in the form of River's `river.drift.PageHinkley` (online-ml/river river/drift/page_hinkley.py):
 * with the running mean x̄ (including x), S⁺ = α·S⁺ + (x − x̄) − δ and S⁻ = α·S⁻ + (x − x̄) + δ;
 * drift when S⁺ − min S⁺ > λ (up) or max S⁻ − S⁻ > λ (down), after `minInstances` values.
 * River starts max S⁻ at −1, not −∞; kept so flags land on the same indices. O(1) memory.
 *
 * @example
 * new PageHinkley({ mode: 'up' }).update(0.5) // { warning: false, drift: false }
 */
export class PageHinkley implements StreamingDetector {
  private readonly minInstances: number;
  private readonly delta: number;
  private readonly threshold: number;
  private readonly alpha: number;
  private readonly mode: 'up' | 'down' | 'both';
  private n = 0;
  private mean = 0;
  private sumIncrease = 0;
  private sumDecrease = 0;
  private minIncrease = Infinity;
  private maxDecrease = -1;
  private drift = false;

  constructor(options: PageHinkleyOptions = {}) {
    this.minInstances = options.minInstances ?? 30;
    this.delta = options.delta ?? 0.005;
    this.threshold = options.threshold ?? 50;
    this.alpha = options.alpha ?? 0.9999;
    this.mode = options.mode ?? 'both';
  }

  update(x: number): DetectorSignal {
    if (this.drift) this.reset();
    this.n += 1;
    this.mean += (1 / this.n) * (x - this.mean);
    const dev = x - this.mean;
    this.sumIncrease = this.alpha * this.sumIncrease + dev - this.delta;
    this.sumDecrease = this.alpha * this.sumDecrease + dev + this.delta;
    this.minIncrease = Math.min(this.minIncrease, this.sumIncrease);
    this.maxDecrease = Math.max(this.maxDecrease, this.sumDecrease);
    if (this.n >= this.minInstances) {
      const up = this.sumIncrease - this.minIncrease > this.threshold;
      const down = this.maxDecrease - this.sumDecrease > this.threshold;
      this.drift = this.mode === 'up' ? up : this.mode === 'down' ? down : up || down;
    }
    return { warning: false, drift: this.drift };
  }

  /** Everything the next update depends on, as JSON-safe numbers (∞ as null): a checkpoint. */
  state(): PageHinkleyState {
    const { n, mean, sumIncrease, sumDecrease, maxDecrease, drift } = this;
    return { n, mean, sumIncrease, sumDecrease, minIncrease: Number.isFinite(this.minIncrease) ? this.minIncrease : null, maxDecrease, drift };
  }

  /** Resumes from a {@link state} checkpoint: the following updates flag exactly as if never interrupted. */
  restore(state: PageHinkleyState): this {
    ({ n: this.n, mean: this.mean, sumIncrease: this.sumIncrease, sumDecrease: this.sumDecrease, maxDecrease: this.maxDecrease, drift: this.drift } = state);
    this.minIncrease = state.minIncrease ?? Infinity;
    return this;
  }

  private reset(): void {
    this.n = 0;
    this.mean = 0;
    this.sumIncrease = this.sumDecrease = 0;
    this.minIncrease = Infinity;
    this.maxDecrease = -1;
    this.drift = false;
  }
}
