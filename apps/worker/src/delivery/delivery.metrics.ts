import { Injectable } from '@nestjs/common';
import { MetricsService } from '@modelgate/platform';
import type { Counter, Gauge } from 'prom-client';

/** `kafka` or `webhook`: the kind of destination, never the subscription id (unbounded labels). */
const kind = (destination: string) => (destination.startsWith('webhook:') ? 'webhook' : destination);

/** Deliveries by outcome, attempts, and the age of the oldest undelivered decision. */
@Injectable()
export class DeliveryMetrics {
  private readonly outcomes: Counter<'destination' | 'outcome'>;
  private readonly attempts: Counter<'destination'>;
  readonly oldestPending: Gauge;

  constructor(metrics: MetricsService) {
    this.outcomes = metrics.counter('modelgate_deliveries_total', 'Delivery attempts settled, by outcome (delivered, pending = retried later, failed, gone).', [
      'destination',
      'outcome',
    ]);
    this.attempts = metrics.counter('modelgate_delivery_attempts_total', 'Delivery attempts made (webhook POSTs, Kafka sends).', ['destination']);
    this.oldestPending = metrics.gauge('modelgate_delivery_oldest_pending_seconds', 'Age of the oldest undelivered decision in the outbox (0 when none).');
  }

  settled(destination: string, outcome: string): void {
    this.outcomes.inc({ destination: kind(destination), outcome });
  }

  attempted(destination: string): void {
    this.attempts.inc({ destination: kind(destination) });
  }
}
