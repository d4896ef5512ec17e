import { type DetectorEvidence, type DriftEvidence, type FeatureDriftEvidence, type MonitorSettings, PREDICTED_LABEL_SKETCH } from '@modelgate/contracts';
import { type DetectorCheckpoint, type DetectorDrift, type Sketch, sketchDrift } from '@modelgate/stats';

/** Feature → sketch, as `version_rollups.feature_sketches` and `monitor_references.feature_sketches` hold them. */
export type Sketches = Record<string, Record<string, number>>;

/** Adds `b` into `a` (bin by bin); returns `a`. */
export function addSketches(a: Sketches, b: Readonly<Sketches>): Sketches {
  for (const [feature, bins] of Object.entries(b)) {
    const into = (a[feature] ??= Object.create(null) as Record<string, number>);
    for (const [bin, count] of Object.entries(bins)) into[bin] = (into[bin] ?? 0) + Number(count);
  }
  return a;
}

const countOf = (sketch: Sketch | undefined): number => (sketch ? Object.values(sketch).reduce((s, c) => s + c, 0) : 0);

/** One feature (or the predicted labels) against the reference; null when a window has too few events. */
function featureEvidence(feature: string, reference: Sketch | undefined, current: Sketch | undefined, settings: MonitorSettings, notes: string[]): FeatureDriftEvidence | null {
  const [nRef, nCur] = [countOf(reference), countOf(current)];
  if (nRef < settings.minEvents || nCur < settings.minEvents) {
    notes.push(`${feature}: not tested, ${nRef} reference and ${nCur} current values (needs ${settings.minEvents} in each)`);
    return null;
  }
  const options = { ...(settings.method === 'auto' ? {} : { method: settings.method }), ...(settings.threshold === null ? {} : { threshold: settings.threshold }) };
  const r = sketchDrift(reference!, current!, options);
  if (!r.ok) {
    notes.push(`${feature}: ${r.detail}`);
    return null;
  }
  return {
    feature,
    type: r.type === 'num' ? 'numeric' : 'categorical',
    method: r.method,
    methodReason: r.why,
    score: r.scoreKind,
    value: Number.isFinite(r.score) ? r.score : null,
    threshold: r.threshold,
    drifted: r.driftDetected,
  };
}

export interface DataDriftOutcome {
  features: FeatureDriftEvidence[];
  prediction: FeatureDriftEvidence | null;
  driftShare: number;
  datasetDrifted: boolean;
}

/** Every watched feature and the predicted labels, current window against the reference (sketches only). */
export function dataDriftOf(reference: Readonly<Sketches>, current: Readonly<Sketches>, settings: MonitorSettings, notes: string[]): DataDriftOutcome {
  const names = settings.features ?? [...new Set([...Object.keys(reference), ...Object.keys(current)])].filter((f) => f !== PREDICTED_LABEL_SKETCH).sort();
  const features = names.map((f) => featureEvidence(f, reference[f], current[f], settings, notes)).filter((f) => f !== null);
  const prediction = reference[PREDICTED_LABEL_SKETCH] || current[PREDICTED_LABEL_SKETCH]
    ? featureEvidence(PREDICTED_LABEL_SKETCH, reference[PREDICTED_LABEL_SKETCH], current[PREDICTED_LABEL_SKETCH], settings, notes)
    : null;
  const drifted = features.filter((f) => f.drifted).length;
  const driftShare = features.length > 0 ? drifted / features.length : 0;
  // Evidently's DatasetDriftMetric: drifted when the share of drifted columns reaches the threshold.
  return { features, prediction, driftShare, datasetDrifted: features.length > 0 && driftShare >= settings.driftShare };
}

export function detectorEvidence(checkpoint: DetectorCheckpoint, drift: DetectorDrift | undefined): DetectorEvidence {
  return {
    detector: checkpoint.detector,
    state: drift ? 'drift' : checkpoint.status === 'drift' ? 'stable' : checkpoint.status,
    index: drift?.index ?? checkpoint.warningSince,
    errorRateBefore: drift?.errorRateBefore ?? null,
    errorRateAfter: drift?.errorRateAfter ?? null,
    pairsSeen: checkpoint.pairsSeen,
  };
}

const DETECTOR_LABEL = { ddm: 'DDM', adwin: 'ADWIN', page_hinkley: 'Page–Hinkley' } as const;
const percent = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(1)} %`);
const thousands = (n: number) => n.toLocaleString('en-US').replace(/,/g, ' ');
const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);

/**
 * The one-line reason of a retrain, quoting the numbers: the first detector drift if any
 * (`error rate 8.1 % → 19.4 % since 10:40 (DDM drift at pair 31 204): retrain`), else the drifted
 * features; prefixed by the version's place in a live deployment when it has one.
 */
export function retrainReason(evidence: DriftEvidence, drifts: readonly DetectorDrift[], windowStartMs: number, deployment: string | null): string {
  const prefix = deployment ? `${evidence.version} (${deployment}) drifted: ` : '';
  const first = drifts[0];
  if (first) {
    return `${prefix}error rate ${percent(first.errorRateBefore)} → ${percent(first.errorRateAfter)} since ${hhmm(first.since)} (${DETECTOR_LABEL[first.detector]} drift at pair ${thousands(first.index)}): retrain`;
  }
  const drifted = evidence.features.filter((f) => f.drifted);
  const list = drifted
    .slice(0, 3)
    .map((f) => `${f.feature} ${f.method} ${f.value === null ? 'n/a' : f.value.toPrecision(3)} ${f.score === 'p_value' ? '<' : '≥'} ${f.threshold}`)
    .join(', ');
  const more = drifted.length > 3 ? ` and ${drifted.length - 3} more` : '';
  return `${prefix}${drifted.length} of ${evidence.features.length} features drifted (${list}${more}; share ${percent(evidence.driftShare)} ≥ ${percent(evidence.driftShareThreshold)}) since ${hhmm(windowStartMs)}: retrain`;
}
