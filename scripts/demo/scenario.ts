import type { Decision, Deployment } from '@modelgate/contracts';
import type { DemoContext } from './drive';

/** What one scenario ended with, for the summary and the exit code. */
export interface ScenarioResult {
  name: string;
  expected: string;
  /** The decision the engine (or ingest) made; `none` when it made none in time. */
  decision: string;
  /** The decisions the receiver must have been delivered (every one of the deployment's, or the retrain). */
  decisionIds: string[];
  /** The deployment whose report the summary links, when there is one. */
  deploymentId: string | null;
  /** Broken promises besides the decision (stickiness, targeting). */
  problems: string[];
}

export interface Scenario {
  name: string;
  expected: string;
  run(ctx: DemoContext): Promise<ScenarioResult>;
}

/**
 * The last rollout decision that was not a hold (what the deployment came to), or `none`. The drift
 * monitors of its versions decide too (retrain, with a monitorId): those are not the rollout's.
 */
export function finalAction(decisions: readonly Decision[]): string {
  return decisions.filter((d) => d.action !== 'hold' && d.monitorId === null).at(-1)?.action ?? 'none';
}

/**
 * The policy every demo deployment shares: accuracy (labels arrive with every photo) must be no
 * worse than the baseline's by 2 %, errors may not double, p95 latency may not grow by 30 %.
 * The worker analyses every 5 s (`tick` mode); in `now` mode the demo asks for each analysis and
 * the worker's schedule is set an hour apart so that it does not analyse in between.
 */
export function policy(ctx: DemoContext, overrides: Record<string, unknown>): Record<string, unknown> {
  return {
    model: ctx.model,
    intervalSeconds: ctx.mode === 'tick' ? 5 : 3_600,
    minStepSeconds: ctx.mode === 'tick' ? 5 : 0,
    primaryMetric: { name: 'accuracy', direction: 'higher' },
    margin: 0.02,
    guardrails: [
      { metric: 'error_rate', margin: 1 },
      { metric: 'latency_p95_ms', margin: 0.3 },
    ],
    minSamples: ctx.fast ? 200 : 400,
    // A worker tick right after a round puts that round's last second in the next step's first
    // 1 s bucket (the window includes the bucket holding its start): at the old split, which the
    // SRM test would hold on for a minute. `now` mode analyses a round ≥ 1 s old and keeps `hold`.
    srm: { action: ctx.mode === 'tick' ? 'warn' : 'hold', threshold: 0.001 },
    start: true,
    ...overrides,
  };
}

export async function createDeployment(ctx: DemoContext, body: Record<string, unknown>): Promise<Deployment> {
  return ctx.api.call<Deployment>('POST', '/v1/deployments', policy(ctx, body));
}
