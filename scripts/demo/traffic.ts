import { randomUUID } from 'node:crypto';
import { type Assignment, OUTCOME_EVENT_SCHEMA, type OutcomeEventInput, PREDICTION_EVENT_SCHEMA, type PredictionEventInput } from '@modelgate/contracts';
import type { KafkaProducer, OutgoingMessage } from '@modelgate/platform';
import { seededNormal, seededUniform, type Uniform } from '../../libs/stats/src/testing/seeded-random';
import type { DemoApi } from './api';

type Animal = 'cat' | 'dog' | 'koala';

/** How a version of the classifier behaves: what it gets right, how often it fails, how fast it answers. */
interface VersionBehaviour {
  /** Probability of the right answer on a cat or a dog. */
  catDog: number;
  /** Probability of "koala" on a koala; null: the version has never seen one (says cat or dog). */
  koala: number | null;
  errorRate: number;
  /** Latency: base + spread · u ms. */
  latency: { base: number; spread: number };
}

/** v1 tells cats from dogs; v2 also knows koalas; v3 is v2 with a bug: errors and slow answers. */
export const VERSIONS: Record<string, VersionBehaviour> = {
  v1: { catDog: 0.92, koala: null, errorRate: 0.01, latency: { base: 22, spread: 10 } },
  v2: { catDog: 0.93, koala: 0.85, errorRate: 0.01, latency: { base: 24, spread: 10 } },
  v3: { catDog: 0.93, koala: 0.85, errorRate: 0.15, latency: { base: 90, spread: 160 } },
};

/** Who sends photos: how many koalas, how bright the photos are, where the users live. */
export interface Population {
  koalaShare: number;
  brightness: { mean: number; sd: number };
  /** Lost from every version's chance of a right answer (glare on over-bright photos). */
  accuracyLoss: number;
  regions: readonly string[];
}

export const WORLDWIDE: Population = { koalaShare: 0.1, brightness: { mean: 120, sd: 20 }, accuracyLoss: 0, regions: ['EU', 'US', 'AU', 'NZ', 'Pacific', 'Asia'] };
export const AUSTRALIA_PACIFIC: Population = { koalaShare: 0.35, brightness: { mean: 120, sd: 20 }, accuracyLoss: 0, regions: ['AU', 'NZ', 'Pacific'] };

/** What one round of requests produced. */
export interface Round {
  answers: Assignment[];
  units: string[];
  predictions: number;
  /** When its events are stamped (ms). */
  at: number;
}

/**
 * A model gateway in front of the classifier, seeded so that the story is the same on every run:
 * each request is routed by `/v1/assign/batch` (the answer's version serves it; `shadowVersions`
 * get a mirrored copy), every call is a prediction event on Kafka, and the true label follows as
 * an outcome event. Events are stamped now: the engine analyses the window since the step began.
 */
export class TrafficSimulator {
  private readonly u: Uniform;
  private readonly z: () => number;
  private request = 0;

  constructor(
    private readonly api: DemoApi,
    private readonly producer: KafkaProducer,
    private readonly topics: { predictions: string; outcomes: string },
    private readonly model: string,
    seed: number,
    /** Distinct users; a round picks among them, so users come back (and must keep their cohort). */
    private readonly users = 20_000,
  ) {
    this.u = seededUniform(seed);
    this.z = seededNormal(this.u);
  }

  /** `count` requests of `population` to deployment `deploymentId`, routed, answered, labelled, produced. */
  async round(deploymentId: string, count: number, population: Population): Promise<Round> {
    const requests = Array.from({ length: count }, () => {
      const user = Math.floor(this.u() * this.users);
      const region = population.regions[user % population.regions.length]!;
      return { deploymentId, unitId: `user-${user}`, requestId: `${deploymentId.slice(0, 8)}-r${(this.request += 1)}`, attributes: { region } };
    });
    const answers = await this.api.assign(requests);
    const predictions: OutgoingMessage[] = [];
    const outcomes: OutgoingMessage[] = [];
    const now = Date.now();
    answers.forEach((answer, i) => {
      const { unitId, requestId } = requests[i]!;
      const truth = this.animal(population);
      const features = this.features(truth, population);
      const timestamp = new Date(now).toISOString();
      for (const [version, shadow] of [[answer.version, false] as const, ...answer.shadowVersions.map((v) => [v, true] as const)]) {
        const event = this.predict(version, truth, population, features, { deploymentId: answer.deploymentId, unitId, requestId, timestamp, shadow });
        predictions.push({ key: requestId, value: JSON.stringify(event) });
      }
      const outcome: OutcomeEventInput = { schema: OUTCOME_EVENT_SCHEMA, eventId: randomUUID(), requestId, unitId, timestamp, label: truth };
      outcomes.push({ key: requestId, value: JSON.stringify(outcome) });
    });
    await this.produce(this.topics.predictions, predictions);
    await this.produce(this.topics.outcomes, outcomes);
    return { answers, units: requests.map((r) => r.unitId), predictions: predictions.length, at: now };
  }

  /** Labelled prediction events of `version` as a training set would hold them (not produced). */
  sample(version: string, count: number, population: Population): PredictionEventInput[] {
    const timestamp = new Date().toISOString();
    return Array.from({ length: count }, (_, i) => {
      const truth = this.animal(population);
      return this.predict(version, truth, population, this.features(truth, population), { unitId: `training-${i}`, requestId: `training-${i}`, timestamp, shadow: false });
    });
  }

  private async produce(topic: string, messages: OutgoingMessage[]): Promise<void> {
    for (let i = 0; i < messages.length; i += 2_000) await this.producer.send(topic, messages.slice(i, i + 2_000));
  }

  private animal(population: Population): Animal {
    const x = this.u();
    return x < population.koalaShare ? 'koala' : x < population.koalaShare + (1 - population.koalaShare) / 2 ? 'cat' : 'dog';
  }

  private features(truth: Animal, population: Population): Record<string, number | string> {
    const furs: Record<Animal, readonly string[]> = { cat: ['short', 'short', 'long'], dog: ['short', 'long', 'long'], koala: ['grey', 'grey', 'long'] };
    const ears: Record<Animal, [number, number]> = { cat: [5, 1], dog: [9, 2], koala: [7, 1] };
    const [mean, sd] = ears[truth];
    return {
      brightness: Math.round(10 * (population.brightness.mean + population.brightness.sd * this.z())) / 10,
      fur: furs[truth][Math.floor(this.u() * 3)]!,
      ear_length_cm: Math.round(10 * Math.max(1, mean + sd * this.z())) / 10,
    };
  }

  private predict(
    version: string,
    truth: Animal,
    population: Population,
    features: Record<string, number | string>,
    at: { deploymentId?: string; unitId: string; requestId: string; timestamp: string; shadow: boolean },
  ): PredictionEventInput {
    const b = VERSIONS[version];
    if (!b) throw new Error(`the simulator knows versions ${Object.keys(VERSIONS).join(', ')}, not ${version}`);
    const failed = this.u() < b.errorRate;
    const latencyMs = Math.round(10 * (b.latency.base + b.latency.spread * this.u())) / 10;
    const base = { schema: PREDICTION_EVENT_SCHEMA, eventId: randomUUID(), model: this.model, version, ...at, features, latencyMs } as const;
    if (failed) return { ...base, error: { code: 'timeout', message: `${version} did not answer in time` }, latencyMs: latencyMs * 4 };
    return { ...base, prediction: { label: this.label(b, truth, population.accuracyLoss) } };
  }

  private label(b: VersionBehaviour, truth: Animal, loss: number): Animal {
    const other: Animal = this.u() < 0.5 ? 'cat' : 'dog';
    if (truth === 'koala') return b.koala !== null && this.u() < b.koala - loss ? 'koala' : other;
    if (this.u() < b.catDog - loss) return truth;
    return truth === 'cat' ? 'dog' : 'cat';
  }
}
