import type { DecisionAction, FlaggerHook } from '@modelgate/contracts';

/** A gate's answer to a deploy system: go or not, and the one line why. */
export interface GateAnswer {
  go: boolean;
  reason: string;
}

const GO_ACTIONS: readonly DecisionAction[] = ['advance', 'promote'];

/**
 * Flagger's webhooks read only the status (200–202 go, anything else halts; a halt at `pre-rollout`
 * and `rollout` counts as a failed check). `latest` is the deployment's latest decision for this
 * release, or null when none was made since the release was first seen.
 */
export function flaggerAnswer(hook: FlaggerHook, latest: DecisionAction | null): GateAnswer {
  const said = latest === null ? 'no decision yet' : `the latest decision is ${latest}`;
  switch (hook) {
    case 'confirm-rollout':
    case 'confirm-traffic-increase':
    case 'confirm-promotion':
      return latest !== null && GO_ACTIONS.includes(latest) ? { go: true, reason: `${said}: go` } : { go: false, reason: `${said}: hold here` };
    case 'rollback':
      return latest === 'rollback' ? { go: true, reason: `${said}: roll back` } : { go: false, reason: `${said}: do not roll back` };
    case 'pre-rollout':
    case 'rollout':
      // A hold must never reach these hooks: Flagger would count it as a failed check.
      return latest === 'rollback' ? { go: false, reason: `${said}: fail the check` } : { go: true, reason: `${said}: the check passes` };
    case 'post-rollout':
    case 'event':
      return { go: true, reason: 'recorded' };
  }
}

/** Argo Rollouts' web metric: advance counts as promote for the step it gates; no decision yet is hold. */
export function argoDecision(latest: DecisionAction | null): 'promote' | 'rollback' | 'hold' {
  if (latest === 'advance' || latest === 'promote') return 'promote';
  return latest === 'rollback' ? 'rollback' : 'hold';
}
