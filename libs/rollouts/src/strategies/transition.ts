import type { DecisionAction, DeploymentPhase, Evidence } from '@modelgate/contracts';
import type { AnalysisInput, DecisionDraft, RolloutSettings, RolloutState, Transition } from '../types';

/** The inputs of one evaluation, read by every phase handler. */
export interface Ctx {
  readonly state: RolloutState;
  readonly analysis: AnalysisInput;
  readonly settings: RolloutSettings;
  readonly now: Date;
}

export type Counters = RolloutState['counters'];

const TERMINAL: readonly DeploymentPhase[] = ['promoted', 'rolled_back', 'stopped'];

export function isTerminal(phase: DeploymentPhase): boolean {
  return TERMINAL.includes(phase);
}

export function iso(now: Date): string {
  return now.toISOString();
}

/** Seconds from an ISO time to now; 0 when the time is missing or unreadable. */
export function secondsSince(time: string | null | undefined, now: Date): number {
  const t = typeof time === 'string' ? Date.parse(time) : Number.NaN;
  return Number.isFinite(t) ? Math.max(0, (now.getTime() - t) / 1000) : 0;
}

/** Counters read defensively (a state from an older row may lack some). */
export function countersOf(state: RolloutState): Counters {
  const c = state.counters ?? { failures: 0, inconclusive: 0, consecutiveErrors: 0 };
  const n = (x: unknown): number => (typeof x === 'number' && Number.isInteger(x) && x > 0 ? x : 0);
  return { failures: n(c.failures), inconclusive: n(c.inconclusive), consecutiveErrors: n(c.consecutiveErrors) };
}

/** Evidence for a decision that no analysis of variants stands behind (an error, a pause, a control action). */
export function bareEvidence(window: { start: string; end: string }, counters: Counters, notes: string[], tests: Evidence['tests'] = []): Evidence {
  return { window, comparison: 'none', referenceWindow: null, variants: [], tests, srm: null, sampleGuard: null, drift: null, counters, notes };
}

/** A window that is always valid ISO, even when the analysis carried garbage. */
export function safeWindow(analysis: AnalysisInput | undefined, now: Date): { start: string; end: string } {
  const ok = (t: unknown): t is string => typeof t === 'string' && Number.isFinite(Date.parse(t));
  const w = analysis?.window;
  const end = ok(w?.end) ? new Date(Date.parse(w.end)).toISOString() : iso(now);
  const start = ok(w?.start) ? new Date(Date.parse(w.start)).toISOString() : end;
  return { start, end };
}

export interface Move {
  readonly action: DecisionAction;
  readonly phase: DeploymentPhase;
  /** State fields that change besides the phase. */
  readonly patch?: Partial<RolloutState>;
  readonly version: string;
  /** Words without the action: `: <action>` is appended so every reason ends with it. */
  readonly words: string;
  readonly evidence: Evidence;
}

/** The state after a move and the decision that says so; the analysis count grows by one. */
export function move(state: RolloutState, m: Move): Transition {
  const next: RolloutState = { ...state, ...m.patch, phase: m.phase, counters: m.evidence.counters, analyses: (state.analyses > 0 ? state.analyses : 0) + 1 };
  const decision: DecisionDraft = { action: m.action, version: m.version, phaseBefore: state.phase, phaseAfter: m.phase, reason: `${m.words}: ${m.action}`, evidence: m.evidence };
  return { state: next, decision };
}

/** The version a rollback returns everyone to: the baseline, or the control arm of an A/B test. */
export function rollbackVersion(settings: RolloutSettings): string {
  return settings.strategy === 'ab_test' && settings.arms?.[0]?.version ? settings.arms[0].version : settings.baselineVersion;
}

/** Everyone back to the last verified version; the candidate is rejected. */
export function rollbackMove(settings: RolloutSettings, words: string, evidence: Evidence): Move {
  return { action: 'rollback', phase: 'rolled_back', patch: { share: 0, promotedVersion: null }, version: rollbackVersion(settings), words, evidence };
}

/** A move before its words and evidence, with what it does in words (a step's `next`). */
export type PlannedMove = Omit<Move, 'evidence' | 'words'> & { readonly what: string };

/**
 * Promotion: everyone gets `version`. With a watch window, the phase is `watching` (analysed against
 * the last verified version until the window ends); without one, `promoted` at once.
 */
export function promotion(settings: RolloutSettings, now: Date, version: string): PlannedMove {
  const watch = Number.isFinite(settings.watchSeconds) && settings.watchSeconds > 0;
  return {
    action: 'promote',
    phase: watch ? 'watching' : 'promoted',
    patch: { share: 100, promotedVersion: version, phaseStartedAt: iso(now) },
    version,
    what: watch ? `${version} to everyone, watched for ${settings.watchSeconds} s` : `${version} to everyone`,
  };
}

/** The reference window of a `before` comparison, valid ISO or null. */
export function referenceWindowOf(analysis: AnalysisInput, now: Date): { start: string; end: string } | null {
  return analysis.before?.window ? safeWindow({ window: analysis.before.window, variants: [] }, now) : null;
}
