import type { Decision, Deployment } from '@modelgate/contracts';
import { type DemoContext, driveToFinal } from './drive';
import { createDeployment, finalAction, type Scenario, type ScenarioResult } from './scenario';
import { AUSTRALIA_PACIFIC, type Round, WORLDWIDE } from './traffic';

const rounds = (ctx: DemoContext) => ({ requestsPerRound: ctx.fast ? 1_500 : 2_000, roundsPerAnalysis: 1, maxSeconds: ctx.fast ? 90 : 240 });

async function result(ctx: DemoContext, scenario: Scenario, deployment: Deployment, problems: string[] = []): Promise<ScenarioResult> {
  const decisions = await ctx.api.decisions(deployment.id);
  return { name: scenario.name, expected: scenario.expected, decision: finalAction(decisions), decisionIds: decisions.map((d) => d.id), deploymentId: deployment.id, problems };
}

/**
 * Stickiness as users see it: a unit once answered `canary_in` must never be answered
 * `canary_out` at the same or a larger share (design.md: monotone canary growth).
 */
class StickyCohort {
  private readonly inAt = new Map<string, number>();
  readonly broken: string[] = [];
  checked = 0;

  observe(round: Round, share: number): void {
    round.answers.forEach((a, i) => {
      const unit = round.units[i]!;
      const since = this.inAt.get(unit);
      if (a.reason === 'canary_in' && since === undefined) this.inAt.set(unit, share);
      if (a.reason === 'canary_out' && since !== undefined && share >= since) this.broken.push(`${unit} was in the canary at ${since} %, out at ${share} %`);
      if (since !== undefined) this.checked += 1;
    });
  }
}

const shadow: Scenario = {
  name: '1. shadow v2 beside v1',
  expected: 'advance',
  async run(ctx) {
    const sim = await ctx.simulator(101);
    // Agreement with v1 is checked too: v1 never says koala, so about 80 % is what a good v2 shows.
    const d = await createDeployment(ctx, {
      baselineVersion: 'v1',
      candidateVersion: 'v2',
      strategy: 'shadow',
      // The canary it starts when it passes, with these steps and this policy (agreement aside).
      next: 'canary',
      steps: ctx.fast ? [10, 50] : [5, 10, 25, 50],
      guardrails: [{ metric: 'error_rate', margin: 1 }, { metric: 'latency_p95_ms', margin: 0.3 }, { metric: 'agreement', margin: 0.3 }],
    });
    const end = await driveToFinal(ctx, sim, d, { title: 'shadow', population: WORLDWIDE, ...rounds(ctx) });
    ctx.story.nextCanary = await startedCanary(ctx, end.decisions);
    return result(ctx, this, end.deployment);
  },
};

/** The canary the engine started with the shadow's advance: its decision's evidence names it. */
async function startedCanary(ctx: DemoContext, decisions: Decision[]): Promise<Deployment | null> {
  const advance = decisions.find((x) => x.action === 'advance' && x.phaseAfter === 'promoted');
  const id = advance?.evidence.notes.map((n) => /^next deployment: canary (\S+) started$/.exec(n)?.[1]).find((x) => x !== undefined);
  return id ? ctx.api.deployment(id) : null;
}

/** Without a passing shadow, scenario 2 still tells its story with a canary of its own. */
function startCanary(ctx: DemoContext): Promise<Deployment> {
  return createDeployment(ctx, { baselineVersion: 'v1', candidateVersion: 'v2', strategy: 'canary', steps: ctx.fast ? [10, 50] : [5, 10, 25, 50] });
}

const canary: Scenario = {
  name: '2. canary v2, sticky users',
  expected: 'promote',
  async run(ctx) {
    const sim = await ctx.simulator(202);
    const d = ctx.story.nextCanary ?? (await startCanary(ctx));
    ctx.story.canary = d;
    const sticky = new StickyCohort();
    const end = await driveToFinal(ctx, sim, d, {
      title: `canary ${d.steps.join('/')} %`,
      population: WORLDWIDE,
      ...rounds(ctx),
      onRound: (round, at) => sticky.observe(round, at.candidateShare),
    });
    ctx.progress.log(`   stickiness: ${sticky.checked} answers to users already in the canary, ${sticky.broken.length} moved out`);
    const problems = sticky.broken.slice(0, 3).map((b) => `stickiness broke: ${b}`);
    if (sticky.checked === 0) problems.push('stickiness was never checked: no user came back');
    ctx.story.canary = end.deployment;
    return result(ctx, this, end.deployment, problems);
  },
};

const abTest: Scenario = {
  name: '3. A/B v1 vs v2 in AU/NZ/Pacific',
  expected: 'promote',
  async run(ctx) {
    const sim = await ctx.simulator(303);
    const d = await createDeployment(ctx, {
      baselineVersion: 'v1',
      candidateVersion: 'v2',
      strategy: 'ab_test',
      targeting: { match: 'all', conditions: [{ attribute: 'region', op: 'in', values: ['AU', 'NZ', 'Pacific'] }] },
    });
    // Users elsewhere are not in the test: they keep the baseline.
    const elsewhere = await ctx.api.assign(['EU', 'US', 'Asia'].flatMap((region) => Array.from({ length: 100 }, (_, i) => ({ deploymentId: d.id, unitId: `user-${region}-${i}`, requestId: `probe-${region}-${i}`, attributes: { region } }))));
    const leaked = elsewhere.filter((a) => a.reason !== 'not_targeted' || a.version !== 'v1').length;
    ctx.progress.log(`   targeting: ${elsewhere.length - leaked} of ${elsewhere.length} users outside AU/NZ/Pacific answered not_targeted → v1`);
    const end = await driveToFinal(ctx, sim, d, { title: 'A/B in AU/NZ/Pacific', population: AUSTRALIA_PACIFIC, ...rounds(ctx) });
    const problems = leaked > 0 ? [`targeting: ${leaked} users outside AU/NZ/Pacific were put in the test`] : [];
    if (end.deployment.phase === 'promoted' && end.deployment.promotedVersion !== 'v2') problems.push(`the A/B test promoted ${end.deployment.promotedVersion}, not v2`);
    return result(ctx, this, end.deployment, problems);
  },
};

const blueGreen: Scenario = {
  name: '4. blue/green v2 → faulty v3',
  expected: 'rollback',
  async run(ctx) {
    const sim = await ctx.simulator(404);
    const d = await createDeployment(ctx, { baselineVersion: 'v2', candidateVersion: 'v3', strategy: 'blue_green' });
    const end = await driveToFinal(ctx, sim, d, { title: 'blue/green v3', population: WORLDWIDE, ...rounds(ctx) });
    return result(ctx, this, end.deployment);
  },
};

const rolling: Scenario = {
  name: '5. rolling v2 → faulty v3',
  expected: 'rollback',
  async run(ctx) {
    const sim = await ctx.simulator(505);
    // v3 was rejected by the blue/green rollback: deploying it again must be explicit.
    const d = await createDeployment(ctx, { baselineVersion: 'v2', candidateVersion: 'v3', strategy: 'rolling', steps: [25, 50, 75], allowRejected: true });
    const end = await driveToFinal(ctx, sim, d, { title: 'rolling v3 25/50/75 %', population: WORLDWIDE, ...rounds(ctx) });
    return result(ctx, this, end.deployment);
  },
};

const recreate: Scenario = {
  name: '6. recreate v1 → v2 (after vs before)',
  expected: 'promote',
  async run(ctx) {
    const sim = await ctx.simulator(606);
    const d = await createDeployment(ctx, { baselineVersion: 'v1', candidateVersion: 'v2', strategy: 'recreate', start: false });
    // Before the cut-over everyone is on v1 (the pending deployment routes to the baseline): its window is what v2 is compared with.
    let before = 0;
    for (let i = 0; i < (ctx.fast ? 2 : 3); i += 1) before += (await sim.round(d.id, rounds(ctx).requestsPerRound, WORLDWIDE)).answers.length;
    await ctx.api.call('POST', `/v1/deployments/${d.id}/start`, {});
    ctx.progress.log(`   recreate: ${before} requests on v1 before the cut-over, then everyone on v2`);
    const end = await driveToFinal(ctx, sim, await ctx.api.deployment(d.id), { title: 'recreate v2', population: WORLDWIDE, ...rounds(ctx) });
    return result(ctx, this, end.deployment);
  },
};

export const rolloutScenarios: Scenario[] = [shadow, canary, abTest, blueGreen, rolling, recreate];
