import { Controller, Get, Inject } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { Redis } from 'ioredis';
import type { AppConfig } from '../config/config.schema';
import { KafkaAdmin } from '../kafka/kafka.client';
import { REDIS } from '../platform.tokens';

/** GET /health: 200 when PostgreSQL, Redis and Kafka all answer, 503 naming the one that does not. */
@Controller('health')
export class HealthController {
  private readonly timeoutMs: number;

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly kafka: KafkaAdmin,
    @Inject(REDIS) private readonly redis: Redis,
    config: ConfigService<AppConfig, true>,
  ) {
    this.timeoutMs = config.get('HEALTH_TIMEOUT_MS', { infer: true });
  }

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([
      () => this.database.pingCheck('postgres').withTimeout(this.timeoutMs),
      () =>
        this.indicator
          .check('redis')
          .attempt(async () => {
            await this.redis.ping();
          })
          .withTimeout(this.timeoutMs),
      () =>
        this.indicator
          .check('kafka')
          .attempt(async () => ({ brokers: (await this.kafka.describeCluster()).brokers }))
          .withTimeout(this.timeoutMs),
    ]);
  }
}
