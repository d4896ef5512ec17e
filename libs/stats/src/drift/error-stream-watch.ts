import { Adwin, type AdwinOptions, type AdwinState } from '../streaming/adwin';
import { Ddm, type DdmOptions, type DdmState } from '../streaming/ddm';
import { PageHinkley, type PageHinkleyOptions, type PageHinkleyState } from '../streaming/page-hinkley';

/** The concept-drift detectors a monitor may run over its labelled error stream. */
export type DetectorName =
  /** Gama et al.'s DDM: warning and drift levels on the error rate. */
  | 'ddm'
  /** Bifet & Gavaldà's adaptive windowing. */
  | 'adwin'
  /** Page's cumulative-sum test. */
  | 'page_hinkley';
export const DETECTOR_NAMES: readonly DetectorName[] = ['ddm', 'adwin', 'page_hinkley'];

export type DetectorSpec =
  | { readonly detector: 'ddm'; readonly options?: DdmOptions }
  | { readonly detector: 'adwin'; readonly options?: AdwinOptions }
  | { readonly detector: 'page_hinkley'; readonly options?: PageHinkleyOptions };

/**
 * A monitor's detectors unless its settings say otherwise. DDM's warm start is raised from River's
 * 30 to 1 000: at 30 it flags 44 % of stationary 2 000-pair runs at 10 % errors (error-stream-watch.spec.ts),
 * because p + s is at its minimum by chance early on; at 1 000, 3 %.
 */
export const DEFAULT_DETECTORS: readonly DetectorSpec[] = [
  { detector: 'ddm', options: { warmStart: 1000 } },
  { detector: 'adwin' },
  { detector: 'page_hinkley' },
];

/** How many of the latest pairs a detector remembers to quote the error rate "after" a change. */
export const RECENT_PAIRS = 256;

/** One detector's checkpoint: its own state plus the counters behind the evidence. JSON-safe. */
export interface DetectorCheckpoint {
  readonly detector: DetectorName;
  readonly state: DdmState | AdwinState | PageHinkleyState | null;
  /** Pairs fed so far: the index (join order) of the next pair. */
  readonly pairsSeen: number;
  /** Pairs and errors since the last drift (or the start): the "before" of the next change. */
  readonly segmentPairs: number;
  readonly segmentErrors: number;
  /** Index where the current DDM warning began; null when not warning. */
  readonly warningSince: number | null;
  readonly status: 'stable' | 'warning' | 'drift';
  /** The latest pairs as [error 0/1, joined at (ms)], oldest first, at most {@link RECENT_PAIRS}. */
  readonly recent: readonly (readonly [number, number])[];
}

/** A drift flagged by one detector during this feed, with the numbers a reason quotes. */
export interface DetectorDrift {
  readonly detector: DetectorName;
  readonly index: number;
  readonly errorRateBefore: number | null;
  readonly errorRateAfter: number;
  /** When the "after" stretch began (the warning's start, or the oldest recent pair), ms. */
  readonly since: number;
}

type Detector = Ddm | Adwin | PageHinkley;

function create(spec: DetectorSpec): Detector {
  if (spec.detector === 'ddm') return new Ddm(spec.options);
  if (spec.detector === 'adwin') return new Adwin(spec.options);
  return new PageHinkley(spec.options);
}

function restore(detector: Detector, state: DetectorCheckpoint['state']): Detector {
  if (state === null) return detector;
  // Each checkpoint was written by a detector of the same name (see feedErrorStream).
  if (detector instanceof Ddm) return detector.restore(state as DdmState);
  if (detector instanceof Adwin) return detector.restore(state as AdwinState);
  return detector.restore(state as PageHinkleyState);
}

export function emptyCheckpoint(detector: DetectorName): DetectorCheckpoint {
  return { detector, state: null, pairsSeen: 0, segmentPairs: 0, segmentErrors: 0, warningSince: null, status: 'stable', recent: [] };
}

/**
 * Feeds the pairs joined since the last checkpoint (errors 0/1 in join order, with their join
 * times) to one detector restored from its checkpoint, and returns the next checkpoint and the
 * drifts flagged on the way. The cost is that of the new pairs only; feeding a stream in any
 * number of pieces flags the same indices as feeding it whole.
 *
 * @example
 * feedErrorStream({ detector: 'ddm' }, emptyCheckpoint('ddm'), [[0, 1000], [1, 2000]]) // { checkpoint: { pairsSeen: 2, … }, drifts: [] }
 */
export function feedErrorStream(
  spec: DetectorSpec,
  checkpoint: DetectorCheckpoint,
  pairs: readonly (readonly [error: number, joinedAtMs: number])[],
): { checkpoint: DetectorCheckpoint; drifts: DetectorDrift[] } {
  const detector = restore(create(spec), checkpoint.state);
  let { pairsSeen, segmentPairs, segmentErrors, warningSince, status } = checkpoint;
  const recent = [...checkpoint.recent];
  const drifts: DetectorDrift[] = [];
  for (const pair of pairs) {
    const index = pairsSeen;
    const signal = detector.update(pair[0]);
    pairsSeen += 1;
    segmentPairs += 1;
    segmentErrors += pair[0];
    recent.push(pair);
    if (recent.length > RECENT_PAIRS) recent.shift();
    if (signal.warning && warningSince === null) warningSince = index;
    if (!signal.warning) warningSince = null;
    status = signal.drift ? 'drift' : signal.warning ? 'warning' : 'stable';
    if (signal.drift) {
      // "After": since the warning began when DDM warned first, else the remembered recent pairs.
      const afterLength = Math.min(recent.length, warningSince === null ? recent.length : index - warningSince + 1, segmentPairs);
      const after = recent.slice(recent.length - afterLength);
      const afterErrors = after.reduce((s, p) => s + p[0], 0);
      const beforePairs = segmentPairs - afterLength;
      drifts.push({
        detector: spec.detector,
        index,
        errorRateBefore: beforePairs > 0 ? (segmentErrors - afterErrors) / beforePairs : null,
        errorRateAfter: afterErrors / afterLength,
        since: after[0]![1],
      });
      segmentPairs = segmentErrors = 0;
      warningSince = null;
    }
  }
  return { checkpoint: { detector: spec.detector, state: detector.state(), pairsSeen, segmentPairs, segmentErrors, warningSince, status, recent }, drifts };
}
