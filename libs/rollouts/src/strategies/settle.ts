import type { Evidence } from '@modelgate/contracts';
import type { PolicyResult } from '../policy/policy';
import type { Transition } from '../types';
import { countersOf, iso, move, rollbackMove, secondsSince, type Counters, type Ctx, type Move, type PlannedMove } from './transition';

/** The version a hold is about: the promoted one while watching, else the candidate. */
function heldVersion(ctx: Ctx): string {
  return ctx.state.phase === 'watching' && ctx.state.promotedVersion ? ctx.state.promotedVersion : ctx.settings.candidateVersion;
}

export function hold(ctx: Ctx, words: string, evidence: Evidence): Transition {
  return move(ctx.state, { action: 'hold', phase: ctx.state.phase, version: heldVersion(ctx), words, evidence });
}

function limit(x: unknown, fallback: number): number {
  return typeof x === 'number' && Number.isFinite(x) && x >= 0 ? Math.floor(x) : fallback;
}

/**
 * An analysis that could not run counts a consecutive error, never a failure; past the limit the
 * candidate cannot be verified and is rolled back (Argo Rollouts' consecutiveErrorLimit, default 4).
 */
export function errorTransition(ctx: Ctx, message: string, window: { start: string; end: string }): Transition {
  const c = countersOf(ctx.state);
  c.consecutiveErrors += 1;
  const max = limit(ctx.settings?.limits?.consecutiveErrors, 4);
  const evidence: Evidence = { window, comparison: 'none', referenceWindow: null, variants: [], tests: [], srm: null, sampleGuard: null, drift: null, counters: c, notes: [message] };
  if (c.consecutiveErrors > max) {
    return move(ctx.state, rollbackMove(ctx.settings, `analysis could not run ${c.consecutiveErrors} times in a row (limit ${max}): ${message}`, evidence));
  }
  return hold(ctx, `analysis could not run (${message}), consecutive error ${c.consecutiveErrors} of limit ${max}`, evidence);
}

/**
 * Acts on the policy's worst check with Argo Rollouts' limits kept apart: a rollback check rolls
 * back; a threshold failure counts toward the failure limit (rolled back once past it); an
 * inconclusive hold counts toward the inconclusive limit (paused for an operator when reached, 0 =
 * no limit, as sequential analyses are inconclusive until the evidence suffices); a pass is the
 * strategy's to act on, and so is a hold that reaches a strategy's maximum duration.
 */
export function settle(
  ctx: Ctx,
  result: PolicyResult,
  onPass: (words: string, evidence: Evidence) => Transition,
  /** A strategy's own end of a hold (a maximum duration reached), or null to hold. */
  onHold: (words: string, evidence: Evidence) => Transition | null = () => null,
): Transition {
  const c: Counters = { ...countersOf(ctx.state), consecutiveErrors: 0 };
  const d = result.decisive;
  const evidence = (): Evidence => ({ ...result.evidence, counters: c });
  const limits = ctx.settings.limits;
  switch (d.outcome) {
    case 'rollback':
      return move(ctx.state, rollbackMove(ctx.settings, d.reason, evidence()));
    case 'failure': {
      c.failures += 1;
      const max = limit(limits?.failures, 0);
      if (c.failures > max) return move(ctx.state, rollbackMove(ctx.settings, `${d.reason}; failure ${c.failures} (limit ${max})`, evidence()));
      return hold(ctx, `${d.reason}; failure ${c.failures} of limit ${max}`, evidence());
    }
    case 'hold': {
      if (d.inconclusive) c.inconclusive += 1;
      const max = limit(limits?.inconclusive, 0);
      if (d.inconclusive && max > 0 && c.inconclusive >= max) {
        const m: Move = { action: 'hold', phase: 'paused', patch: { pausedFrom: ctx.state.phase }, version: heldVersion(ctx), words: `${d.reason}; inconclusive ${c.inconclusive} times (limit ${max}), paused for an operator`, evidence: evidence() };
        return move(ctx.state, m);
      }
      return onHold(d.reason, evidence()) ?? hold(ctx, d.reason, evidence());
    }
    default:
      return onPass(d.reason, evidence());
  }
}

/** What a passed (or approved) step becomes: the next step, the switch, promotion, or the next strategy. */
export type NextStep = (ctx: Pick<Ctx, 'state' | 'settings' | 'now'>) => PlannedMove;

/**
 * A passed step moves on as soon as the always-valid evidence suffices, but not before its minimum
 * time, and not without a person where the step requires approval (`awaiting_approval`).
 */
export function passStep(ctx: Ctx, words: string, evidence: Evidence, next: NextStep): Transition {
  const { state, settings, now } = ctx;
  const ran = secondsSince(state.stepStartedAt, now);
  const min = limit(settings.minStepSeconds, 0);
  if (ran < min) return hold(ctx, `${words}; the evidence suffices but step ${state.stepIndex} has run ${Math.floor(ran)} s of its minimum ${min} s`, evidence);
  if (Array.isArray(settings.approvalSteps) && settings.approvalSteps.includes(state.stepIndex)) {
    return move(state, { action: 'hold', phase: 'awaiting_approval', patch: { phaseStartedAt: iso(now) }, version: settings.candidateVersion, words: `${words}; step ${state.stepIndex} passed and waits for approval`, evidence });
  }
  const n = next(ctx);
  // A new step starts its own count of inconclusive analyses.
  return move(state, { ...n, words: `${words}; ${n.what}`, evidence: { ...evidence, counters: { ...evidence.counters, inconclusive: 0 } } });
}
