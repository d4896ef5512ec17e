import { type DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { TerminusModule } from '@nestjs/terminus';
import { Redis } from 'ioredis';
import type { Logger as Pino } from 'pino';
import { type AppConfig, parseConfig } from './config/config.schema';
import { HealthController } from './health/health.controller';
import { KafkaAdmin, KafkaClient } from './kafka/kafka.client';
import { AppLogger, createRootLogger, ROOT_LOGGER } from './logging/logger';
import { MetricsController } from './metrics/metrics.controller';
import { MetricsService } from './metrics/metrics.service';
import { ShutdownService } from './shutdown.service';
import { APP_NAME, type AppName, REDIS } from './platform.tokens';

/**
 * What every ModelGate process has: validated configuration, pino logs, /metrics, /health
 * (PostgreSQL, Redis, Kafka), and the Kafka and Redis clients. The app's root module imports
 * `PlatformModule.forApp('api')` and its own features.
 */
@Global()
@Module({})
export class PlatformModule {
  static forApp(app: AppName): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, validate: parseConfig }),
        TerminusModule.forRoot({ errorLogStyle: 'json', gracefulShutdownTimeoutMs: 0 }),
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: APP_NAME, useValue: app },
        {
          provide: ROOT_LOGGER,
          inject: [ConfigService],
          useFactory: (config: ConfigService<AppConfig, true>) => createRootLogger(app, config.get('LOG_LEVEL', { infer: true })),
        },
        AppLogger,
        MetricsService,
        ShutdownService,
        {
          provide: KafkaClient,
          inject: [ConfigService, ROOT_LOGGER],
          useFactory: (config: ConfigService<AppConfig, true>, root: Pino) => {
            const logger = root.child({ context: 'kafka' });
            return new KafkaClient({
              clientId: `modelgate-${app}`,
              brokers: config.get('KAFKA_BROKERS', { infer: true }),
              log: (level, message, extra) => logger[level](extra, message),
            });
          },
        },
        { provide: KafkaAdmin, inject: [KafkaClient], useFactory: (kafka: KafkaClient) => kafka.admin() },
        {
          provide: REDIS,
          inject: [ConfigService],
          useFactory: (config: ConfigService<AppConfig, true>) =>
            new Redis(config.get('REDIS_URL', { infer: true }), {
              lazyConnect: false,
              maxRetriesPerRequest: 1,
              connectionName: `modelgate-${app}`,
            }),
        },
      ],
      exports: [APP_NAME, ROOT_LOGGER, AppLogger, MetricsService, KafkaClient, KafkaAdmin, REDIS],
    };
  }
}
