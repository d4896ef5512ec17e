import type { INestApplication } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AppConfig } from '@modelgate/platform';
import { setupOpenApi } from './openapi.setup';

const unit = { b: 1, kb: 1024, mb: 1024 * 1024 } as const;

/** `HTTP_BODY_LIMIT` (`512kb`, `1mb`: its schema admits only these forms) in bytes, as Express's parser reads it. */
export function bodyLimitBytes(limit: string): number {
  const [, amount, suffix] = /^(\d+)(b|kb|mb)$/.exec(limit)!;
  return Number(amount) * unit[suffix as keyof typeof unit];
}

/**
 * The api's HTTP adapter: Fastify (bench/assign-http: more requests per core than Express), with
 * Express's routing habits kept (a trailing slash and the path's case do not matter) and the body
 * limit (larger bodies get 413).
 */
export function apiHttpAdapter(config: AppConfig): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: bodyLimitBytes(config.HTTP_BODY_LIMIT),
    routerOptions: { ignoreTrailingSlash: true, caseSensitive: false, maxParamLength: 1000 },
  });
}

/**
 * What apps/api adds to the common bootstrap: the docs at /docs and, on Express (the comparison
 * in bench/assign-http), the request-size limit, registered before Nest's default parser so it is
 * the one that applies.
 */
export function configureApi(app: INestApplication): void {
  if (app.getHttpAdapter().getType() === 'express') {
    const limit = app.get<ConfigService<AppConfig, true>>(ConfigService).get('HTTP_BODY_LIMIT', { infer: true });
    const express = app as NestExpressApplication;
    express.useBodyParser('json', { limit });
    express.useBodyParser('urlencoded', { limit, extended: false });
  }
  setupOpenApi(app);
}
