// Public API of @modelgate/platform: what every ModelGate process shares.
export { bootstrap } from './bootstrap';
export { type AppConfig, ConfigError, configSchema, parseConfig } from './config/config.schema';
export {
  type BatchControl,
  type BatchHandler,
  type ConsumeOptions,
  type IncomingBatch,
  type IncomingMessage,
  KafkaAdmin,
  KafkaClient,
  KafkaConsumer,
  KafkaProducer,
  type KafkaSettings,
  type OutgoingMessage,
  type PartitionLag,
  type TopicSpec,
} from './kafka/kafka.client';
export { TOPICS, type TopicName } from './kafka/topics';
export { AppLogger, ROOT_LOGGER } from './logging/logger';
export { MetricsService } from './metrics/metrics.service';
export { PlatformModule } from './platform.module';
export { APP_NAME, type AppName, REDIS } from './platform.tokens';
