import type { INestApplication } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AppConfig } from '@modelgate/platform';
import { setupOpenApi } from './openapi.setup';

/**
 * What apps/api adds to the common bootstrap: the request-size limit (registered before Nest's
 * default parser, so it is the one that applies; larger bodies get 413) and the docs at /docs.
 */
export function configureApi(app: INestApplication): void {
  const limit = app.get<ConfigService<AppConfig, true>>(ConfigService).get('HTTP_BODY_LIMIT', { infer: true });
  const express = app as NestExpressApplication;
  express.useBodyParser('json', { limit });
  express.useBodyParser('urlencoded', { limit, extended: false });
  setupOpenApi(app);
}
