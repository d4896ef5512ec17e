import type { Deployment, DeploymentStrategy } from '@modelgate/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EngineStack, type VariantTraffic, decisionsOf, deploy, deploymentOf, drive, engineStack } from './engine.helpers';

/** What the candidate is like in a scenario; the baseline is always 85 % accurate, 1 % errors, 40–118 ms. */
type Scenario = 'good' | 'errors' | 'latency' | 'little';
const candidateOf: Record<Scenario, Partial<VariantTraffic>> = {
  good: { accuracy: 0.95, errorRate: 0.005, latencyMs: 36 },
  errors: { accuracy: 0.85, errorRate: 0.12 },
  latency: { accuracy: 0.85, latencyMs: 75 },
  little: { accuracy: 0.95, errorRate: 0.005, latencyMs: 36 },
};
const baseline = { version: 'v1', accuracy: 0.85 };
/** Per analysis: enough units for the sequential tests, or (little) too few for the minimum-sample guard. */
const total = (scenario: Scenario) => (scenario === 'little' ? 80 : 4000);
/** Counts in multiples of 40, so that both versions see whole latency patterns. */
const round40 = (n: number) => Math.max(40, Math.round(n / 40) * 40);

const bodies: Record<DeploymentStrategy, Record<string, unknown>> = {
  canary: { strategy: 'canary', steps: [10, 25, 50] },
  rolling: { strategy: 'rolling', steps: [25, 50, 75] },
  ab_test: { strategy: 'ab_test' },
  shadow: { strategy: 'shadow' },
  blue_green: { strategy: 'blue_green' },
  recreate: { strategy: 'recreate' },
};

/** The traffic of one analysis window, as the deployment routes it in its current phase and share. */
function trafficOf(strategy: DeploymentStrategy, scenario: Scenario) {
  const candidate = { version: 'v2', ...candidateOf[scenario] };
  const n = total(scenario);
  return (d: Deployment): { traffic: VariantTraffic[]; paired?: boolean } => {
    switch (strategy) {
      case 'canary':
      case 'rolling': {
        const share = d.candidateShare / 100;
        const small = scenario === 'little' ? 40 : round40(n * share);
        return { traffic: [{ ...baseline, count: round40((small * (1 - share)) / share) }, { ...candidate, count: small }] };
      }
      case 'ab_test':
        return { traffic: [{ ...baseline, count: n / 2 }, { ...candidate, count: scenario === 'little' ? 40 : n / 2 }] };
      case 'shadow':
        return { traffic: [{ ...baseline, count: n / 2 }, { ...candidate, count: n / 2, shadow: true }], paired: true };
      case 'blue_green':
        // Before the switch green answers mirrored copies of blue's requests; after it, everyone.
        return d.candidateShare < 100
          ? { traffic: [{ ...baseline, count: n / 2 }, { ...candidate, count: n / 2, shadow: true }], paired: true }
          : { traffic: [{ ...candidate, count: n / 2 }] };
      case 'recreate':
        // The baseline's last window before the cut-over (a minute before the start), and the candidate after it.
        return { traffic: [{ ...baseline, count: n / 2, at: Date.parse(d.createdAt) - 60_000 }, { ...candidate, count: n / 2 }] };
    }
  };
}

let stack: EngineStack;
beforeAll(async () => {
  stack = await engineStack();
});
afterAll(async () => {
  await stack?.close();
});

describe.each(Object.keys(bodies) as DeploymentStrategy[])('the %s strategy, analysed on events from Kafka', (strategy) => {
  it('takes a good candidate through every step to promotion', async () => {
    const d = await deploy(stack, { ...bodies[strategy], primaryMetric: { name: 'accuracy', direction: 'higher' }, margin: 0.02 });
    const analyses = await drive(stack, d, trafficOf(strategy, 'good'));
    const final = await deploymentOf(stack, d.id);
    expect(final.phase, JSON.stringify(analyses.map((a) => a.action))).toBe('promoted');
    expect(analyses.map((a) => a.action)).not.toContain('rollback');
    expect(analyses.at(-1)!.action).toBe('promote');
    // Every step was analysed on its own window before the next one.
    const steps = bodies[strategy].steps as number[] | undefined;
    if (steps) expect(new Set(analyses.map((a) => a.step))).toEqual(new Set(steps.map((_, i) => i)));
    if (strategy === 'blue_green') expect(analyses.map((a) => a.phaseAfter)).toContain('watching');
    if (strategy === 'ab_test') expect(final.promotedVersion).toBe('v2');
    if (strategy === 'shadow' || strategy === 'blue_green') {
      // Shadow and primary predictions paired by request id at ingest: 85 % and 95 % right, wrong the same way.
      const candidate = analyses[0]!.evidence.variants.find((v) => v.variant === 'candidate')!;
      const agreement = candidate.estimates.find((e) => e.metric === 'agreement')!;
      expect(agreement.n).toBeGreaterThan(1_900);
      expect(agreement.value).toBeGreaterThan(0.85);
    }
  });

  it.each([
    ['errors', 'error_rate'],
    ['latency', 'latency'],
  ] as const)('rolls back a candidate with worse %s, naming the guardrail', async (scenario, metric) => {
    const d = await deploy(stack, { ...bodies[strategy], primaryMetric: { name: 'accuracy', direction: 'higher' }, margin: 0.02 });
    const analyses = await drive(stack, d, trafficOf(strategy, scenario));
    expect((await deploymentOf(stack, d.id)).phase, JSON.stringify(analyses.map((a) => a.action))).toBe('rolled_back');
    const rollback = (await decisionsOf(stack, d.id)).find((x) => x.action === 'rollback')!;
    expect(rollback.reason).toMatch(new RegExp(metric));
    expect(rollback.share).toBe(0);
    expect(rollback.evidence.tests.some((t) => t.role === 'guardrail' && t.metric.startsWith(metric) && t.verdict === 'fail')).toBe(true);
  });

  it('holds on too little traffic, and a hold never becomes a pass', async () => {
    const d = await deploy(stack, { ...bodies[strategy], primaryMetric: { name: 'accuracy', direction: 'higher' }, margin: 0.02 });
    const analyses = await drive(stack, d, trafficOf(strategy, 'little'), { maxTicks: 2 });
    expect(analyses.map((a) => a.action)).toEqual(['hold', 'hold']);
    expect(analyses.every((a) => a.evidence.sampleGuard?.met === false)).toBe(true);
    const after = await deploymentOf(stack, d.id);
    expect(after.phase).toBe('progressing');
    expect(after.currentStep).toBe(0);
  });
});
