import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { KafkaAdmin } from './kafka/kafka.client';
import { REDIS } from './platform.tokens';

/** Closes the shared clients last, after the features have drained their own work. */
@Injectable()
export class ShutdownService implements OnApplicationShutdown {
  constructor(
    private readonly kafkaAdmin: KafkaAdmin,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.kafkaAdmin.close(), this.redis.quit()]);
  }
}
