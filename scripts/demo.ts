/**
 * The story, played against the running apps (scripts/demo.sh starts them): v1 of the animal
 * classifier tells cats from dogs, v2 also knows koalas, v3 is a faulty build. A simulated model
 * gateway routes every request through `/v1/assign/batch` and produces predictions and true labels
 * to Kafka; the ENGINE decides each scenario (shadow, canary, A/B, blue/green, rolling, recreate,
 * drift), a webhook receiver verifies every delivered decision, and the demo exits non-zero when
 * any decision differs from its scenario's expectation.
 *   node dist/scripts/demo.js [--fast]    (--fast: shorter steps, an analysis asked for after each round)
 */
import type { CreatedWebhook } from '@modelgate/contracts';
import { KafkaClient, parseConfig } from '@modelgate/platform';
import { DemoApi } from './demo/api';
import type { AnalysisMode, DemoContext } from './demo/drive';
import { Progress } from './demo/progress';
import { WebhookReceiver } from './demo/receiver';
import { rolloutScenarios } from './demo/rollout-scenarios';
import type { ScenarioResult } from './demo/scenario';
import { deliveries, failures, reportLines, summaryTable } from './demo/summary';
import { TrafficSimulator } from './demo/traffic';
import { deadLetterScenario, driftScenario } from './demo/watch-scenarios';

async function main(): Promise<number> {
  const fast = process.argv.includes('--fast');
  const config = parseConfig(process.env);
  const adminKey = process.env.MODELGATE_ADMIN_KEY;
  if (!adminKey) throw new Error('set MODELGATE_ADMIN_KEY to the key the api was started with');
  const api = await DemoApi.withKeys(process.env.MODELGATE_API_URL ?? `http://127.0.0.1:${config.API_PORT}`, adminKey);
  const mode: AnalysisMode = fast ? 'now' : 'tick';
  const model = `animal-classifier-${new Date().toISOString().slice(0, 19).replace(/\D/g, '')}-${Math.random().toString(36).slice(2, 6)}`;
  const kafka = new KafkaClient({ brokers: config.KAFKA_BROKERS, clientId: 'modelgate-demo' });
  const producer = await kafka.producer();
  const topics = { predictions: config.INGEST_PREDICTIONS_TOPIC, outcomes: config.INGEST_OUTCOMES_TOPIC, deadLetters: config.INGEST_DEAD_LETTERS_TOPIC };
  const progress = new Progress();
  const receiver = new WebhookReceiver();
  const hook = await api.call<CreatedWebhook>('POST', '/v1/webhooks', { url: await receiver.start(), models: [model] });
  receiver.useSecret(hook.secret);

  const ctx: DemoContext = {
    api,
    kafka,
    topics,
    ingestGroup: config.INGEST_GROUP_ID,
    model,
    fast,
    mode,
    progress,
    simulator: async (seed) => new TrafficSimulator(api, producer, topics, model, seed),
    story: { nextCanary: null, canary: null },
  };
  const started = Date.now();
  console.log(`model ${model}; webhook receiver ${hook.url} (subscription ${hook.id}, Standard Webhooks signatures verified)`);
  console.log(
    mode === 'tick'
      ? 'decisions: made by the worker’s analysis ticks (intervalSeconds 5, minStepSeconds 5) on the window since each step began'
      : 'decisions (--fast): the demo asks for each analysis with POST /v1/deployments/:id/analyses after a round of traffic (the worker tick’s code path)',
  );

  const results: ScenarioResult[] = [];
  for (const scenario of [...rolloutScenarios, driftScenario(receiver), deadLetterScenario]) {
    progress.log(`\n${scenario.name} (expected: ${scenario.expected})`);
    try {
      results.push(await scenario.run(ctx));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      progress.log(`   failed: ${message}`);
      results.push({ name: scenario.name, expected: scenario.expected, decision: 'error', decisionIds: [], deploymentId: null, problems: [message] });
    }
  }
  progress.stop();

  const delivered = await deliveries(receiver, results, 60_000);
  console.log(`\nsummary (${Math.round((Date.now() - started) / 1000)} s; delivered = decisions verified at the webhook receiver / decisions made; ${receiver.invalid} bad signatures, ${receiver.duplicates} duplicate deliveries ignored)`);
  console.log(summaryTable(results, delivered));
  console.log('\nreports:');
  for (const line of await reportLines(api, results, model)) console.log(line);

  await api.call('DELETE', `/v1/webhooks/${hook.id}`).catch(() => undefined);
  await receiver.stop();
  await producer.close();
  const broken = failures(results, delivered);
  if (broken.length > 0) {
    console.error(`\nthe demo FAILED:\n${broken.map((b) => `  - ${b}`).join('\n')}\n(read .stack/apps/*.log)`);
    return 1;
  }
  console.log('\nevery decision was the expected one, and every one reached the receiver');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
