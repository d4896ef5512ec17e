// Public API of @modelgate/stats: pure statistics (no I/O, no clock, no RNG).
export type { NotOk, Reason } from './core/reasons';
export type { Alternative, DistanceResult, TestResult } from './core/result';

export { ksTwoSample, type KsMethod, type KsOptions, type KsResult } from './tests/ks-two-sample';
export { chiSquareContingency, chiSquareGoodnessOfFit, type ChiSquareResult } from './tests/chi-square';
export { welchT, welchTFromSummary, type ArmSummary, type WelchResult } from './tests/welch-t';
export { twoProportionZ, type ProportionArm } from './tests/two-proportion-z';
export { mannWhitneyU, type MannWhitneyMethod, type MannWhitneyOptions } from './tests/mann-whitney-u';
export { sampleRatioMismatch, type SampleRatioMismatchResult } from './tests/sample-ratio-mismatch';

export { wasserstein } from './distances/wasserstein';
export { jensenShannon } from './distances/jensen-shannon';
export { populationStabilityIndex } from './distances/population-stability-index';

export { benjaminiHochberg } from './corrections/benjamini-hochberg';
export { holm } from './corrections/holm';

export { betaChanceToWin, normalChanceToWin, type BetaPrior, type ChanceToWinResult } from './bayesian/chance-to-win';

export type { ArmStatistic, DifferenceType, GbstatsError, ProportionStatistic, SampleMeanStatistic } from './experiments/effect-moments';
export type { EffectEstimate } from './experiments/effect-result';
export { fixedHorizonTTest, type FixedHorizonOptions } from './experiments/fixed-horizon-t';
export { sequentialRho, sequentialTTest, type SequentialOptions } from './experiments/sequential-t';
export { bayesianEffect, type BayesianEffect, type BayesianEffectOptions, type GaussianPrior } from './experiments/effect-bayesian';
export { compareVariants, type Comparison, type ComparisonOptions, type Verdict } from './experiments/compare-variants';
export { requiredSampleSize, detectablePower, minimumSampleGuard, type SampleGuard } from './experiments/sample-size';

export { dataDrift, chooseDriftMethod, type DataDriftOptions, type DataDriftResult, type FeatureType } from './drift/data-drift';
export { DRIFT_METHODS, type DriftMethod } from './drift/drift-methods';
export type { FeatureValues } from './drift/column-counts';
export { psiFromReference } from './drift/binned-psi';
export { sketchDrift, SKETCH_DRIFT_METHODS, type Sketch, type SketchDriftMethod, type SketchDriftOptions, type SketchDriftResult } from './drift/sketch-drift';
export {
  DEFAULT_DETECTORS, DETECTOR_NAMES, emptyCheckpoint, feedErrorStream, RECENT_PAIRS,
  type DetectorCheckpoint, type DetectorDrift, type DetectorName, type DetectorSpec,
} from './drift/error-stream-watch';

export { Ddm, type DdmOptions, type DdmState } from './streaming/ddm';
export { Adwin, type AdwinOptions, type AdwinState } from './streaming/adwin';
export { PageHinkley, type PageHinkleyOptions, type PageHinkleyState } from './streaming/page-hinkley';
export { scanStream, type DetectorSignal, type StreamingDetector } from './streaming/detector';

export { CASE_RUNNERS, caseRunner, type CaseTestName } from './conformance/registry';
export { runCase, runConformance, type CaseOutcome, type ConformanceCase } from './conformance/conformance';
