import { Inject, Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { APP_NAME, type AppName } from '../platform.tokens';

/**
 * The app's own Prometheus registry: default process metrics plus whatever its features
 * register. Each app has its own registry, labelled with the app's name.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  constructor(@Inject(APP_NAME) app: AppName) {
    this.registry.setDefaultLabels({ app: `modelgate-${app}` });
    collectDefaultMetrics({ register: this.registry, prefix: 'modelgate_' });
  }

  counter<L extends string>(name: string, help: string, labelNames: L[] = []): Counter<L> {
    return this.existing(name) ?? new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  gauge<L extends string>(name: string, help: string, labelNames: L[] = []): Gauge<L> {
    return this.existing(name) ?? new Gauge({ name, help, labelNames, registers: [this.registry] });
  }

  histogram<L extends string>(name: string, help: string, buckets: number[], labelNames: L[] = []): Histogram<L> {
    return this.existing(name) ?? new Histogram({ name, help, buckets, labelNames, registers: [this.registry] });
  }

  private existing<M>(name: string): M | undefined {
    return this.registry.getSingleMetric(name) as M | undefined;
  }
}
