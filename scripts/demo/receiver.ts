import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Decision } from '@modelgate/contracts';
import { Webhook } from 'standardwebhooks';

/**
 * What a deploy system would run: an HTTP endpoint subscribed with `POST /v1/webhooks`. Every
 * delivery's signature is verified with the `standardwebhooks` library and the subscription's
 * secret (a bad one is answered 400 and counted); deliveries are de-duplicated by `webhook-id`,
 * as Standard Webhooks asks of receivers (a retried delivery carries the same id).
 */
export class WebhookReceiver {
  private server: Server | null = null;
  private verifier: Webhook | null = null;
  private readonly received = new Map<string, Decision>();
  /** Deliveries refused because their signature did not verify. */
  invalid = 0;
  /** Deliveries seen again with an id already received. */
  duplicates = 0;

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => response.writeHead(this.accept(Buffer.concat(chunks).toString('utf8'), request.headers)).end());
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/modelgate`;
  }

  /** The subscription's secret, known once the subscription exists (deliveries before it are refused). */
  useSecret(secret: string): void {
    this.verifier = new Webhook(secret);
  }

  private accept(body: string, headers: NodeJS.Dict<string | string[]>): number {
    const flat = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')]));
    let decision: Decision;
    try {
      if (!this.verifier) throw new Error('no secret yet');
      decision = this.verifier.verify(body, flat) as Decision;
    } catch {
      this.invalid += 1;
      return 400;
    }
    const id = flat['webhook-id'] ?? decision.id;
    if (this.received.has(id)) this.duplicates += 1;
    else this.received.set(id, decision);
    return 204;
  }

  has(decisionId: string): boolean {
    return this.received.has(decisionId);
  }

  get(decisionId: string): Decision | undefined {
    return this.received.get(decisionId);
  }

  /** Verified, distinct deliveries about a deployment (or a monitor). */
  countFor(subjectId: string): number {
    return [...this.received.values()].filter((d) => d.deploymentId === subjectId || d.monitorId === subjectId).length;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
}
