import 'reflect-metadata';
import type { INestApplication, Type } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { type AbstractHttpAdapter, NestFactory } from '@nestjs/core';
import type { Logger as Pino } from 'pino';
import { type AppConfig, ConfigError, parseConfig } from './config/config.schema';
import { httpLogging } from './logging/http-logging';
import { NestLogger, ROOT_LOGGER } from './logging/logger';

type PortVariable = 'API_PORT' | 'INGEST_PORT' | 'WORKER_PORT';

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
  app.use(httpLogging(pino));
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
