import { type Decision, type DecisionAction, DECISION_SCHEMA, decisionIdOf } from '@modelgate/contracts';
import { writeDecision } from '@modelgate/persistence';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'pg';
import { TEST_DATABASE_URL } from './support/test-env';

export const pool = (): Pool => new Pool({ connectionString: TEST_DATABASE_URL, max: 4 });

/** A decision of the animal classifier about `deploymentId`; `n` makes its idempotency key. */
export function decision(deploymentId: string, model: string, n: number, action: DecisionAction = 'advance', madeAt = new Date()): Decision {
  const at = madeAt.toISOString();
  return {
    schema: DECISION_SCHEMA,
    id: decisionIdOf(`deployment:${deploymentId}:analysis:${n}:${Math.random()}`),
    deploymentId,
    monitorId: null,
    analysisId: null,
    model,
    strategy: 'canary',
    canaryForm: 'parallel',
    baselineVersion: 'v1',
    candidateVersion: 'v2',
    version: 'v2',
    action,
    phaseBefore: 'progressing',
    phaseAfter: action === 'rollback' ? 'rolled_back' : 'progressing',
    step: n,
    share: 5,
    reason: `analysis ${n}: accuracy v2 0.91 vs v1 0.90 (non-inferior, margin 0.01): ${action}`,
    evidence: {
      window: { start: at, end: at },
      comparison: 'concurrent',
      referenceWindow: null,
      variants: [],
      tests: [],
      srm: null,
      sampleGuard: null,
      drift: null,
      counters: { failures: 0, inconclusive: 0, consecutiveErrors: 0 },
      notes: [],
    },
    madeAt: at,
  } as Decision;
}

/** Writes decisions as the engine does: in one transaction each, through writeDecision. */
export async function write(db: Pool, ...decisions: Decision[]): Promise<void> {
  for (const d of decisions) {
    const client = await db.connect();
    try {
      await client.query('BEGIN');
      await writeDecision(client, d);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }
}

/** A deployment row (the gates and the outbox only need it to exist). */
export async function insertDeployment(db: Pool, model: string): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO deployments (model, name, strategy, phase, baseline_version, candidate_version, canary_salt, ab_salt)
     VALUES ($1, $1, 'canary', 'progressing', 'v1', 'v2', 'salt-a', 'salt-b') RETURNING id`,
    [model],
  );
  return rows[0]!.id;
}

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
  at: number;
}

/** How the receiver answers: a status (with Retry-After seconds), or a hook that decides. */
export type Answer = { status: number; retryAfter?: number } | ((r: Omit<Received, 'status'>) => Promise<{ status: number; retryAfter?: number }>);

/** A webhook receiver that records everything it got, with what it answered; it can go down and come back on its port. */
export class Receiver {
  readonly received: Received[] = [];
  answer: Answer = { status: 204 };
  private server: Server | null = null;
  port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}/hook`;
  }

  async start(): Promise<void> {
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => {
        const got = { headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() };
        const answer = this.answer;
        void (typeof answer === 'function' ? answer(got) : Promise.resolve(answer)).then((a) => {
          this.received.push({ ...got, status: a.status });
          response.writeHead(a.status, a.retryAfter === undefined ? {} : { 'retry-after': String(a.retryAfter) }).end();
        });
      });
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Stops listening: connections are refused until start() again. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }

  /** The acknowledged (2xx) deliveries. */
  acknowledged(): Received[] {
    return this.received.filter((r) => r.status >= 200 && r.status < 300);
  }
}
