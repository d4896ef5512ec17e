import type { Decision, Deployment } from '@modelgate/contracts';
import type { KafkaClient } from '@modelgate/platform';
import type { DemoApi } from './api';
import type { Progress, ScenarioLine } from './progress';
import type { Population, Round, TrafficSimulator } from './traffic';

/** `tick`: the worker's schedule decides (intervalSeconds); `now`: `POST …/analyses` after each batch of rounds. */
export type AnalysisMode = 'tick' | 'now';

/** What every scenario uses. */
export interface DemoContext {
  api: DemoApi;
  kafka: KafkaClient;
  topics: { predictions: string; outcomes: string; deadLetters: string };
  ingestGroup: string;
  model: string;
  fast: boolean;
  mode: AnalysisMode;
  progress: Progress;
  simulator(seed: number): Promise<TrafficSimulator>;
  /** What one scenario hands the next: the canary a passing shadow starts, whose v2 the drift watches. */
  story: { nextCanary: Deployment | null; canary: Deployment | null };
}

export interface DriveSpec {
  title: string;
  population: Population;
  requestsPerRound: number;
  /** `now` mode: rounds between two analyses. */
  roundsPerAnalysis: number;
  maxSeconds: number;
  /** Called with every round's routing answers (stickiness checks). */
  onRound?: (round: Round, deployment: Deployment) => void;
}

const FINAL = ['promoted', 'rolled_back', 'stopped'];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until ingest has committed every offset of the event topics: the rollups hold what was sent. */
export async function drained(ctx: DemoContext, timeoutMs = 120_000): Promise<void> {
  const admin = ctx.kafka.admin();
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      const lags = await admin.groupLag(ctx.ingestGroup, [ctx.topics.predictions, ctx.topics.outcomes]);
      if (lags.length > 0 && lags.every((l) => l.lag === 0)) return;
      if (Date.now() > deadline) throw new Error(`ingest did not catch up in ${timeoutMs / 1000} s: read .stack/apps/ingest.log`);
      await sleep(100);
    }
  } finally {
    await admin.close();
  }
}

function time(iso: string): string {
  return iso.slice(11, 19);
}

/** One decision as printed when it happens: its time, action, where it left the deployment, its reason. */
export function decisionLine(label: string, d: Decision): string {
  const where = d.share === null ? '' : ` (step ${d.step}, share ${d.share} %)`;
  const reason = d.action === 'hold' && d.reason.length > 200 ? `${d.reason.slice(0, 197)}…` : d.reason;
  return `   ${time(d.madeAt)} ${label} ${d.action.toUpperCase()}${where}: ${reason}`;
}

/**
 * Plays traffic to a deployment, round after round as its routing answers say, until the engine
 * decides a final phase (or `maxSeconds` pass). Decisions are printed as they appear.
 */
export async function driveToFinal(ctx: DemoContext, sim: TrafficSimulator, deployment: Deployment, spec: DriveSpec): Promise<{ deployment: Deployment; decisions: Decision[] }> {
  const line: ScenarioLine = ctx.progress.start(spec.title);
  const deadline = Date.now() + spec.maxSeconds * 1000;
  let d = deployment;
  let printed = 0;
  let requests = 0;
  let rounds = 0;
  let decisions: Decision[] = [];
  try {
    while (!FINAL.includes(d.phase) && Date.now() < deadline) {
      const began = Date.now();
      const round = await sim.round(d.id, spec.requestsPerRound, spec.population);
      spec.onRound?.(round, d);
      requests += round.answers.length;
      rounds += 1;
      if (ctx.mode === 'now') {
        if (rounds % spec.roundsPerAnalysis === 0) {
          await drained(ctx);
          // Its events then lie in a bucket before any step this analysis starts (1 s buckets).
          await sleep(Math.max(0, round.at + 1_100 - Date.now()));
          await ctx.api.call('POST', `/v1/deployments/${d.id}/analyses`);
        }
      } else {
        // About a round a second; the worker's tick reads whatever the rollups hold by then.
        await drained(ctx);
        await sleep(Math.max(0, 1_000 - (Date.now() - began)));
      }
      decisions = await ctx.api.decisions(d.id);
      for (const decision of decisions.slice(printed)) ctx.progress.log(decisionLine(spec.title, decision));
      printed = decisions.length;
      const before = d;
      d = await ctx.api.deployment(d.id);
      // The api's routing cache hears a change within milliseconds; the next round must see it.
      if (d.currentStep !== before.currentStep || d.phase !== before.phase) await sleep(300);
      line.update({ share: d.candidateShare, phase: d.phase, requests, analyses: d.analyses });
    }
  } finally {
    line.done(`   ${spec.title}: ${d.phase} after ${d.analyses} analyses and ${requests} requests`);
  }
  return { deployment: d, decisions };
}
