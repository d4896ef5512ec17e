import type { DeploymentPhase, TestEvidence } from '@modelgate/contracts';
import { strategyMachine } from '../strategy-registry';
import { bareEvidence, countersOf, iso, isTerminal, move, rollbackMove, type Move } from '../strategies/transition';
import type { ControlCommand, DecisionDraft, RolloutSettings, RolloutState } from '../types';

/** A command's result: the new state and the decision it makes (null when no traffic moves), or why not. */
export type ControlResult = { ok: true; state: RolloutState; decision: DecisionDraft | null } | { ok: false; reason: string };

const PAUSABLE: readonly DeploymentPhase[] = ['progressing', 'awaiting_approval', 'watching'];

function refuse(reason: string): ControlResult {
  return { ok: false, reason };
}

/**
 * Operator commands as pure transitions (the api audits them and answers 409 with `reason` when
 * refused): start, pause, resume, abort (roll back now), approve (the waiting step), and an
 * external alert (roll back, the alert as evidence).
 */
export function control(state: RolloutState, command: ControlCommand, settings: RolloutSettings, now: Date): ControlResult {
  const phase = state.phase;
  const evidence = (notes: string[], tests: TestEvidence[] = []) => bareEvidence({ start: state.stepStartedAt ?? iso(now), end: iso(now) }, countersOf(state), notes, tests);
  const done = (m: Move): ControlResult => ({ ok: true, ...move(state, m) });
  switch (command.kind) {
    case 'start': {
      if (phase !== 'pending') return refuse(`the deployment is ${phase}; only a pending deployment can be started`);
      const machine = strategyMachine(settings.strategy);
      const share = machine.startShare(settings);
      const t = iso(now);
      return done({
        action: 'advance',
        phase: 'progressing',
        patch: { stepIndex: 0, share, startedAt: t, stepStartedAt: t, phaseStartedAt: t, pausedFrom: null },
        version: settings.candidateVersion,
        words: `started: ${settings.strategy} step 0, candidate share ${share} %`,
        evidence: evidence([]),
      });
    }
    case 'pause':
      if (!PAUSABLE.includes(phase)) return refuse(`the deployment is ${phase}; only ${PAUSABLE.join(', ')} can be paused`);
      return { ok: true, state: { ...state, phase: 'paused', pausedFrom: phase }, decision: null };
    case 'resume': {
      if (phase !== 'paused') return refuse(`the deployment is ${phase}, not paused; nothing to resume`);
      const counters = { ...countersOf(state), inconclusive: 0 };
      return { ok: true, state: { ...state, phase: state.pausedFrom ?? 'progressing', pausedFrom: null, counters }, decision: null };
    }
    case 'abort':
      if (isTerminal(phase)) return refuse(`the deployment is already ${phase}; nothing to abort`);
      return done(rollbackMove(settings, `aborted by ${command.by}`, evidence([`aborted by ${command.by}`])));
    case 'approve': {
      if (phase !== 'awaiting_approval') return refuse(`the deployment is ${phase}; only a step awaiting approval can be approved`);
      const n = strategyMachine(settings.strategy).next({ state, settings, now });
      const counters = { ...countersOf(state), inconclusive: 0 };
      return done({ ...n, words: `step ${state.stepIndex} approved by ${command.by}; ${n.what}`, evidence: { ...evidence([`approved by ${command.by}`]), counters } });
    }
    case 'alert': {
      if (isTerminal(phase) || phase === 'pending') return refuse(`the deployment is ${phase}; an alert rolls back only a started, unfinished deployment`);
      const test: TestEvidence = {
        name: 'external_alert',
        metric: 'alert',
        role: 'alert',
        variant: null,
        statistic: null,
        pValue: null,
        probability: null,
        ciLower: null,
        ciUpper: null,
        threshold: null,
        verdict: 'fail',
        detail: command.summary,
      };
      return done(rollbackMove(settings, `external alert: ${command.summary}`, evidence([command.summary], [test])));
    }
    default:
      return refuse(`unknown command ${JSON.stringify((command as { kind?: unknown }).kind)}; valid: start, pause, resume, abort, approve, alert`);
  }
}
