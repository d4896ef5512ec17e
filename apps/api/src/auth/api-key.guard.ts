import { type CanActivate, type ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { ApiKeyRole } from '@modelgate/contracts';
import type { IncomingHttpHeaders } from 'node:http';
import { ApiKeyCache } from './api-key.cache';
import { PUBLIC, type Principal, ROLES, roleAllows } from './roles.decorator';

/**
 * Paths served without a key: liveness for orchestrators, scraping for Prometheus, the API docs, and
 * Flagger's gate (Flagger sends no header; its token travels in the body, checked by the gate).
 */
const openPaths = /^\/((health|metrics|docs)(\/|$|\?|-json|-yaml)|v1\/gates\/flagger\/)/;

/** What the guard reads of a request (Fastify's or Express's), and the principal it attaches. */
export interface AuthenticatedRequest {
  /** Path and query string, as sent. */
  url: string;
  headers: IncomingHttpHeaders;
  principal?: Principal;
}

/** The key from `x-api-key` or `Authorization: Bearer <key>`. */
function presentedKey(request: AuthenticatedRequest): string | undefined {
  const header = request.headers['x-api-key'];
  if (typeof header === 'string' && header.length > 0) return header;
  const authorization = request.headers.authorization;
  return authorization?.startsWith('Bearer ') ? authorization.slice(7).trim() : undefined;
}

/**
 * Every endpoint but the open paths needs a valid key (401 otherwise) whose role the endpoint
 * admits (`@Roles`, 403 otherwise); endpoints without `@Roles` admit only admin keys. `@Public`
 * endpoints check their own credential.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  /** `@Public` and `@Roles` of each handler, read once: reflecting on every request was 2 % of /v1/assign's CPU. */
  private readonly access = new WeakMap<object, { isPublic: boolean; allowed: ApiKeyRole[] }>();

  constructor(
    private readonly keys: ApiKeyCache,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    // The request is the first argument; switchToHttp() would make three closures per request.
    const request = context.getArgByIndex<AuthenticatedRequest>(0);
    if (openPaths.test(request.url)) return true;
    const { isPublic, allowed } = this.accessOf(context);
    if (isPublic) return true;
    const key = presentedKey(request);
    if (!key) throw new UnauthorizedException('send an API key in the x-api-key header (ask an admin for one)');
    const principal = this.keys.verify(key);
    if (!principal) throw new UnauthorizedException('unknown or revoked API key');
    if (!roleAllows(principal.role, allowed)) {
      throw new ForbiddenException(`a ${principal.role} key may not call this endpoint; it needs one of: admin, ${allowed.join(', ')}`);
    }
    request.principal = principal;
    return true;
  }

  private accessOf(context: ExecutionContext): { isPublic: boolean; allowed: ApiKeyRole[] } {
    const handler = context.getHandler();
    let access = this.access.get(handler);
    if (access === undefined) {
      const targets = [handler, context.getClass()];
      access = {
        isPublic: this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC, targets) === true,
        allowed: this.reflector.getAllAndOverride<ApiKeyRole[] | undefined>(ROLES, targets) ?? [],
      };
      this.access.set(handler, access);
    }
    return access;
  }
}
