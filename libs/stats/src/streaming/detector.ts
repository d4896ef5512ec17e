/** What a streaming detector says after one update. */
export interface DetectorSignal {
  /** The stream is drifting towards a change (DDM only); reported on every update it holds. */
  readonly warning: boolean;
  /** A change is detected at this update; the detector starts afresh on the next one. */
  readonly drift: boolean;
}

/** A concept-drift detector fed one value at a time, with O(1) or O(log n) memory. */
export interface StreamingDetector {
  update(x: number): DetectorSignal;
}

/** Runs a detector over a stream and lists the 0-based positions of warnings and drifts. */
export function scanStream(detector: StreamingDetector, stream: Iterable<number>): { warnings: number[]; drifts: number[] } {
  const warnings: number[] = [];
  const drifts: number[] = [];
  let i = 0;
  for (const x of stream) {
    const signal = detector.update(x);
    if (signal.warning) warnings.push(i);
    if (signal.drift) drifts.push(i);
    i++;
  }
  return { warnings, drifts };
}
