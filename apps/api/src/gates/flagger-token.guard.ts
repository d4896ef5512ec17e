import { type CanActivate, type ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';

/**
 * Flagger sends no auth header: the gate token travels in the webhook's `metadata.token`. A call
 * without one is refused before anything else is looked at (as the key guard does elsewhere), so
 * an unauthenticated caller learns nothing about hooks or canaries. The token's value is checked
 * against the linked deployment by the gate itself.
 */
@Injectable()
export class FlaggerTokenGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const body = context.switchToHttp().getRequest<{ body?: unknown }>().body as { metadata?: { token?: unknown } } | undefined;
    const token = body?.metadata?.token;
    if (typeof token === 'string' && token.length > 0) return true;
    throw new UnauthorizedException(
      'the Flagger gate needs the deployment gate token in the webhook metadata (metadata.token); PUT /v1/deployments/:id/gates/flagger returns it',
    );
  }
}
