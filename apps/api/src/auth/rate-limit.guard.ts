import { type ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { AuthenticatedRequest } from './api-key.guard';

/**
 * Rate limit per API key (@nestjs/throttler, in-memory per replica): runs after the key guard,
 * so it counts by key id; open paths (no key) are not limited.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return context.switchToHttp().getRequest<AuthenticatedRequest>().principal === undefined;
  }

  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    return (request as unknown as AuthenticatedRequest).principal?.keyId ?? 'anonymous';
  }
}
