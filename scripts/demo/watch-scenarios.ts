import { randomUUID } from 'node:crypto';
import type { DriftAnalysis } from '@modelgate/contracts';
import { DEAD_LETTER_HEADERS } from '@modelgate/contracts';
import { type DemoContext, drained } from './drive';
import type { WebhookReceiver } from './receiver';
import type { Scenario } from './scenario';
import { type Population, WORLDWIDE } from './traffic';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Brighter photos (a new phone camera, summer): brightness +1.5 sd, and the classifier errs more on them. */
const BRIGHT: Population = { ...WORLDWIDE, brightness: { mean: 150, sd: 20 }, accuracyLoss: 0.2 };

/**
 * A monitor on v2 with its training set as the reference; after normal traffic, brighter photos
 * arrive and the error rate climbs: data drift on `brightness` and DDM on the error stream each
 * say drift, and the monitor decides `retrain` once. Traffic is routed by the canary (v2 for everyone).
 */
export function driftScenario(receiver: WebhookReceiver): Scenario {
  return {
    name: '7. drift: brighter photos on v2',
    expected: 'retrain',
    async run(ctx) {
      const canary = ctx.story.canary;
      if (!canary) throw new Error('the drift scenario watches the canary’s v2: run the canary first');
      const path = `/v1/models/${encodeURIComponent(ctx.model)}/versions/v2`;
      const sim = await ctx.simulator(707);
      await ctx.api.call('PUT', `${path}/monitor`, {
        reference: { kind: 'uploaded' },
        windowSeconds: 15,
        intervalSeconds: ctx.mode === 'tick' ? 5 : 3_600,
        driftShare: 0.3,
        minEvents: 100,
      });
      await ctx.api.call('POST', `${path}/reference`, { events: sim.sample('v2', 1_000, WORLDWIDE) });
      const line = ctx.progress.start('drift on v2');
      let requests = 0;
      let found: DriftAnalysis | undefined;
      try {
        for (let i = 0; i < 2; i += 1) requests += (await sim.round(canary.id, 1_500, WORLDWIDE)).answers.length;
        const deadline = Date.now() + (ctx.fast ? 60_000 : 120_000);
        while (!found && Date.now() < deadline) {
          const began = Date.now();
          requests += (await sim.round(canary.id, 1_500, BRIGHT)).answers.length;
          await drained(ctx);
          const analyses =
            ctx.mode === 'now' ? [await ctx.api.call<DriftAnalysis>('POST', `${path}/drift/analyses`)] : await ctx.api.call<DriftAnalysis[]>('GET', `${path}/drift/history?limit=5`);
          found = analyses.find((a) => a.decisionId !== null);
          line.update({ share: 100, phase: analyses[0]?.state ?? 'waiting', requests, analyses: analyses.length });
          await sleep(Math.max(0, 1_000 - (Date.now() - began)));
        }
      } finally {
        line.done(`   drift on v2: ${found ? `${found.state}, ${found.drift?.features.filter((f) => f.drifted).map((f) => f.feature).join(', ') || 'no feature'} drifted` : 'no drift decided'} after ${requests} requests`);
      }
      if (found?.decisionId) {
        const id = found.decisionId;
        const deadline = Date.now() + 30_000;
        while (!receiver.has(id) && Date.now() < deadline) await sleep(200);
        const delivered = receiver.get(id);
        ctx.progress.log(`   ${found.createdAt.slice(11, 19)} drift on v2 RETRAIN: ${delivered?.reason ?? `decision ${id} (not yet delivered)`}`);
      }
      return { name: this.name, expected: this.expected, decision: found ? 'retrain' : 'none', decisionIds: found?.decisionId ? [found.decisionId] : [], deploymentId: null, problems: [] };
    },
  };
}

/** A broken event (cut-off JSON) goes to the dead-letter topic with its reason; ingest does not stall on it. */
export const deadLetterScenario: Scenario = {
  name: '8. malformed event',
  expected: 'dead-lettered',
  async run(ctx: DemoContext) {
    const key = `demo-malformed-${randomUUID()}`;
    let reason: string | null = null;
    const consumer = await ctx.kafka.consume({ groupId: `modelgate-demo-${randomUUID()}`, topics: [ctx.topics.deadLetters], fromBeginning: true }, async (batch) => {
      const mine = batch.messages.find((m) => m.key?.toString() === key);
      if (mine) reason = mine.headers[DEAD_LETTER_HEADERS.reason] ?? 'no reason header';
    });
    try {
      const producer = await ctx.kafka.producer();
      await producer.send(ctx.topics.predictions, [{ key, value: '{"schema":"modelgate.prediction/v1","model":' }]);
      await producer.close();
      const deadline = Date.now() + 60_000;
      while (reason === null && Date.now() < deadline) await sleep(200);
    } finally {
      await consumer.close();
    }
    ctx.progress.log(`   malformed event ${key}: ${reason === null ? 'NOT on the dead-letter topic after 60 s' : `on ${ctx.topics.deadLetters} with reason ${reason}`}`);
    return { name: this.name, expected: this.expected, decision: reason === null ? 'none' : 'dead-lettered', decisionIds: [], deploymentId: null, problems: [] };
  },
};
