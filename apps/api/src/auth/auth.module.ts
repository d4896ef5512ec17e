import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeyCache } from './api-key.cache';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeyRepository } from './api-key.repository';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysService } from './api-keys.service';
import { RateLimitGuard } from './rate-limit.guard';

/**
 * API keys with roles: the global key guard, then the per-key rate limit (guards run in the
 * order they are provided), the in-memory key cache, and the admin endpoints.
 */
@Module({
  controllers: [ApiKeysController],
  providers: [
    ApiKeyRepository,
    ApiKeyCache,
    ApiKeysService,
    { provide: APP_GUARD, useClass: ApiKeyGuard },
    { provide: APP_GUARD, useClass: RateLimitGuard },
  ],
  exports: [ApiKeyCache],
})
export class AuthModule {}
