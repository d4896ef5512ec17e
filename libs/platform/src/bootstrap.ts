import 'reflect-metadata';
import type { INestApplication, Type } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { type AbstractHttpAdapter, NestFactory } from '@nestjs/core';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger as Pino } from 'pino';
import { type AppConfig, ConfigError, parseConfig } from './config/config.schema';
import { httpLogging } from './logging/http-logging';
import { NestLogger, ROOT_LOGGER } from './logging/logger';

type PortVariable = 'API_PORT' | 'INGEST_PORT' | 'WORKER_PORT';

/** What bootstrap uses of a Fastify instance (typed here: libs/platform does not depend on Fastify). */
interface FastifyHooks {
  addHook(name: 'onRequest', hook: (request: { raw: IncomingMessage }, reply: { raw: ServerResponse }, done: () => void) => void): void;
}

/**
 * Starts an app: pino as Nest's logger, HTTP on its port (Nest's default adapter, Express, unless
 * `httpAdapter` makes another from the parsed config), and a SIGTERM/SIGINT handler that drains
 * (Nest's shutdown hooks: consumers finish their batch, queues their job) and exits 0, or exits 1
 * when draining outlasts SHUTDOWN_TIMEOUT_MS.
 */
export async function bootstrap(
  loadRoot: () => Promise<Type<unknown>>,
  portVariable: PortVariable,
  configure?: (app: INestApplication) => void,
  httpAdapter?: (config: AppConfig) => AbstractHttpAdapter,
): Promise<INestApplication> {
  let parsed: AppConfig;
  try {
    parsed = parseConfig(process.env);
  } catch (error) {
    // A bad environment variable: say which ones and stop, without a stack trace.
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(78); // EX_CONFIG
  }
  // The root module is loaded only now: defining it runs @nestjs/config's own validation,
  // which must find a valid environment.
  const options = { bufferLogs: true, abortOnError: false };
  const root = await loadRoot();
  const app = httpAdapter ? await NestFactory.create(root, httpAdapter(parsed), options) : await NestFactory.create(root, options);
  const pino = app.get<Pino>(ROOT_LOGGER);
  const logger = new NestLogger(pino);
  app.useLogger(logger);
  const logging = httpLogging(pino);
  const http = app.getHttpAdapter();
  // On Fastify, a hook: Nest's app.use() would route every request through a middleware engine
  // (@fastify/middie), 6 % of a /v1/assign request's CPU in bench/assign-http's profile.
  if (http.getType() === 'fastify') (http.getInstance() as FastifyHooks).addHook('onRequest', (request, reply, done) => logging(request.raw, reply.raw, done));
  else app.use(logging);
  configure?.(app);
  const config = app.get<ConfigService<AppConfig, true>>(ConfigService);
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: shutting down, draining in-flight work`, 'shutdown');
    setTimeout(() => {
      logger.error(`shutdown outlasted SHUTDOWN_TIMEOUT_MS: exiting with in-flight work abandoned`, 'shutdown');
      process.exit(1);
    }, config.get('SHUTDOWN_TIMEOUT_MS', { infer: true })).unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error(`shutdown failed: ${String(error)}`, 'shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  const port = config.get(portVariable, { infer: true });
  await app.listen(port, config.get('HTTP_HOST', { infer: true }));
  logger.log(`listening on port ${port}`, 'bootstrap');
  return app;
}
