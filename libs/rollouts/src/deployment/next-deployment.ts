import type { CreateDeployment, DeploymentSettings, DeploymentStrategy, Targeting } from '@modelgate/contracts';
import type { DecisionDraft, RolloutState } from '../types';
import { armWeights, initialState, saltsOf } from './deployment-rules';

/** The steps a strategy starts with when a shadow names it next without steps of its own. */
export function defaultStepsOf(strategy: DeploymentStrategy): number[] {
  if (strategy === 'canary') return [5, 10, 25, 50];
  if (strategy === 'rolling') return [25, 50, 75, 100];
  return [];
}

/** A deployment as it is stored before its first start: what the api's create and a shadow's next share. */
export interface DeploymentRecord {
  model: string;
  name: string;
  strategy: DeploymentStrategy;
  baselineVersion: string;
  candidateVersion: string;
  targeting: Targeting | null;
  salt: string;
  abSalt: string;
  settings: DeploymentSettings;
  state: RolloutState;
  /** Variants with weights normalised to fractions (the column is numeric(9,6)). */
  variants: { name: string; version: string; weight: number }[];
  steps: number[];
}

/**
 * The record of a new deployment from its validated request and random bytes the caller drew
 * (fresh per deployment: two deployments split the same units independently).
 */
export function deploymentRecordOf(request: CreateDeployment, randomBytes: Uint8Array): DeploymentRecord {
  const { model, strategy, baselineVersion, candidateVersion, targeting, steps, arms: _arms, name, start: _start, allowRejected: _allow, ...settings } = request;
  return {
    model,
    name: name ?? `${model} ${baselineVersion} → ${candidateVersion}`,
    strategy,
    baselineVersion,
    candidateVersion,
    targeting,
    ...saltsOf(model, randomBytes),
    settings,
    state: initialState(),
    variants: armWeights(request),
    steps,
  };
}

/** What a shadow is, as far as the deployment it starts next inherits it. */
export interface ShadowOrigin {
  id: string;
  model: string;
  strategy: DeploymentStrategy;
  baselineVersion: string;
  candidateVersion: string;
  targeting: Targeting | null;
  settings: DeploymentSettings;
  steps: number[];
}

/**
 * The deployment a passing shadow starts (its `advance` to `promoted`), or null when the decision
 * starts nothing: the same model and versions, the shadow's targeting and policy, `next: null`, and
 * the shadow's steps if it has them, else the next strategy's defaults. The shadow already let its
 * candidate in (a rejected one only with `allowRejected`), so the next one does not ask again.
 */
export function nextDeploymentOf(shadow: ShadowOrigin, draft: Pick<DecisionDraft, 'action' | 'phaseAfter'>): CreateDeployment | null {
  const next = shadow.settings.next;
  if (shadow.strategy !== 'shadow' || next === null || draft.action !== 'advance' || draft.phaseAfter !== 'promoted') return null;
  return {
    ...shadow.settings,
    ...withoutUnpairedAgreement(shadow.settings, next),
    next: null,
    model: shadow.model,
    strategy: next,
    baselineVersion: shadow.baselineVersion,
    candidateVersion: shadow.candidateVersion,
    targeting: shadow.targeting,
    steps: shadow.steps.length > 0 ? shadow.steps : defaultStepsOf(next),
    start: true,
    allowRejected: true,
  };
}

/**
 * Agreement needs mirrored requests paired with the primary's (shadow, blue/green before the switch):
 * on any other strategy it never has samples and would hold forever, so the next deployment drops it.
 */
function withoutUnpairedAgreement(s: DeploymentSettings, next: DeploymentStrategy): Pick<DeploymentSettings, 'primaryMetric' | 'guardrails' | 'thresholds' | 'signals'> {
  if (next === 'blue_green') return s;
  return {
    primaryMetric: s.primaryMetric.name === 'agreement' ? { name: 'error_rate', direction: 'lower' } : s.primaryMetric,
    guardrails: s.guardrails.filter((g) => g.metric !== 'agreement'),
    thresholds: s.thresholds.filter((t) => t.metric !== 'agreement'),
    signals: s.signals.filter((m) => m !== 'agreement'),
  };
}

/** The shadow's advance decision naming the deployment it started, in its reason and its evidence. */
export function withNextStarted(draft: DecisionDraft, strategy: DeploymentStrategy, id: string): DecisionDraft {
  const started = `${strategy} ${id} started`;
  return {
    ...draft,
    reason: `${draft.reason} (${started})`,
    evidence: { ...draft.evidence, notes: [...draft.evidence.notes, `next deployment: ${started}`] },
  };
}
