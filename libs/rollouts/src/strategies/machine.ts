import type { DeploymentStrategy } from '@modelgate/contracts';
import type { Evaluate, RolloutSettings, Transition, VariantAggregate } from '../types';
import { emptyAggregate } from '../policy/evidence-parts';
import { errorTransition, hold, type NextStep } from './settle';
import { bareEvidence, countersOf, isTerminal, safeWindow, type Ctx } from './transition';
import { watch } from './watch';

export type PhaseHandler = (ctx: Ctx) => Transition;

/** One strategy: its start share, what a passed step becomes, and its phase handlers. */
export interface StrategyMachine {
  readonly strategy: DeploymentStrategy;
  /** The candidate's share (percent) at step 0, when started. */
  readonly startShare: (settings: RolloutSettings) => number;
  readonly next: NextStep;
  readonly evaluate: Evaluate;
}

export interface StrategyDefinition {
  readonly strategy: DeploymentStrategy;
  readonly startShare: (settings: RolloutSettings) => number;
  readonly next: NextStep;
  /** The analysis of a live step (`progressing`); `watching` is shared (after promotion or the switch). */
  readonly progressing: PhaseHandler;
}

/** A variant's aggregate by its name, else by its version; an empty one when it sent nothing. */
export function findVariant(list: readonly VariantAggregate[] | undefined, name: string, version: string): VariantAggregate {
  const all = Array.isArray(list) ? list.filter((v) => v !== null && typeof v === 'object') : [];
  return all.find((v) => v.variant === name) ?? all.find((v) => v.version === version) ?? emptyAggregate(name, version);
}

/** The phases every strategy shares: terminal, not started, paused by an operator, waiting for approval. */
function common(ctx: Ctx): Transition | null {
  const { state, analysis, now } = ctx;
  const window = safeWindow(analysis, now);
  const evidence = () => bareEvidence(window, countersOf(state), []);
  switch (state.phase) {
    case 'promoted':
    case 'rolled_back':
    case 'stopped':
      return { state, decision: { action: 'hold', version: state.promotedVersion ?? ctx.settings.candidateVersion, phaseBefore: state.phase, phaseAfter: state.phase, reason: `the deployment is ${state.phase}; nothing left to decide: hold`, evidence: evidence() } };
    case 'pending':
      return hold(ctx, 'not started yet (start the deployment to route traffic)', evidence());
    case 'paused':
      return hold(ctx, 'paused by an operator', evidence());
    case 'awaiting_approval':
      return hold(ctx, `step ${state.stepIndex} passed its analysis and waits for approval`, evidence());
    default:
      return null;
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/**
 * Wraps a strategy's handlers into an `Evaluate` that never throws: an unexpected exception becomes
 * an analysis error (counted in consecutiveErrors, a hold), as a database timeout would be.
 */
export function defineStrategy(def: StrategyDefinition): StrategyMachine {
  const evaluate: Evaluate = (state, analysis, settings, now) => {
    const ctx: Ctx = { state, analysis, settings, now };
    try {
      const shared = common(ctx);
      if (shared) return shared;
      if (typeof analysis.error === 'string' && analysis.error.length > 0) return errorTransition(ctx, analysis.error, safeWindow(analysis, now));
      if (state.phase === 'progressing') return def.progressing(ctx);
      if (state.phase === 'watching') return watch(ctx);
      throw new Error(`unknown phase ${JSON.stringify(state.phase)}`);
    } catch (e) {
      return failSafe(ctx, `internal error: ${errorText(e)}`);
    }
  };
  return { strategy: def.strategy, startShare: def.startShare, next: def.next, evaluate };
}

/** The error transition, or — when even the state is unreadable — a hold that changes nothing. */
function failSafe(ctx: Ctx, message: string): Transition {
  const validNow = ctx.now instanceof Date && Number.isFinite(ctx.now.getTime()) ? ctx.now : new Date(0);
  try {
    if (isTerminal(ctx.state.phase)) throw new Error('terminal');
    return errorTransition({ ...ctx, now: validNow }, message, safeWindow(ctx.analysis, validNow));
  } catch {
    const phase = ctx.state?.phase ?? 'pending';
    const window = safeWindow(undefined, validNow);
    const counters = { failures: 0, inconclusive: 0, consecutiveErrors: 0 };
    return {
      state: ctx.state,
      decision: { action: 'hold', version: String(ctx.settings?.candidateVersion ?? ''), phaseBefore: phase, phaseAfter: phase, reason: `${message}: hold`, evidence: bareEvidence(window, counters, [message]) },
    };
  }
}
