import { type CanActivate, type ExecutionContext, HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '@modelgate/platform';
import type { AuthenticatedRequest } from './api-key.guard';
import { FixedWindowLimiter } from './fixed-window.limiter';

/**
 * Rate limit per API key, per replica: runs after the key guard, so it counts by key id; open
 * paths (no key) are not limited. Synchronous on purpose: @nestjs/throttler's guard (several
 * awaits per request) cost 12 % more CPU per /v1/assign request in bench/assign-http.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly limiter: FixedWindowLimiter;

  constructor(config: ConfigService<AppConfig, true>) {
    this.limiter = new FixedWindowLimiter(config.get('RATE_LIMIT_PER_MINUTE', { infer: true }), 60_000);
  }

  canActivate(context: ExecutionContext): boolean {
    const principal = context.getArgByIndex<AuthenticatedRequest>(0).principal;
    if (principal === undefined) return true;
    const decision = this.limiter.hit(principal.keyId, Date.now());
    if (decision.allowed) return true;
    context.switchToHttp().getResponse<{ header(name: string, value: string): void }>().header('Retry-After', String(decision.resetSeconds));
    throw new HttpException(
      {
        statusCode: 429,
        error: 'Too Many Requests',
        message: `this API key used its ${this.limiter.limit} requests per minute: retry after ${decision.resetSeconds} s, or ask for a higher RATE_LIMIT_PER_MINUTE`,
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
