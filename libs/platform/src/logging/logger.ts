import { Inject, Injectable, type LoggerService, Scope } from '@nestjs/common';
import { pino, type Logger as Pino } from 'pino';

/** The process's root pino logger: JSON lines on stdout, labelled with the app. */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

export function createRootLogger(app: string, level: string): Pino {
  return pino({ level, base: { app: `modelgate-${app}` } });
}

type Level = 'error' | 'warn' | 'info' | 'debug';

/**
 * What features log through: pino with a `context` field, one instance per class that injects it.
 * `logger.warn({ partition }, 'dead-lettered malformed events')` or `logger.info('loaded')`.
 */
@Injectable({ scope: Scope.TRANSIENT })
export class AppLogger {
  private logger: Pino;

  constructor(@Inject(ROOT_LOGGER) private readonly root: Pino) {
    this.logger = root;
  }

  setContext(context: string): void {
    this.logger = this.root.child({ context });
  }

  error(fields: object | string, message?: string): void {
    this.write('error', fields, message);
  }

  warn(fields: object | string, message?: string): void {
    this.write('warn', fields, message);
  }

  info(fields: object | string, message?: string): void {
    this.write('info', fields, message);
  }

  debug(fields: object | string, message?: string): void {
    this.write('debug', fields, message);
  }

  private write(level: Level, fields: object | string, message?: string): void {
    if (typeof fields === 'string') this.logger[level](fields);
    else this.logger[level](fields, message);
  }
}

/** Nest's own log lines (bootstrap, routes, exceptions) through the same pino logger. */
export class NestLogger implements LoggerService {
  constructor(private readonly root: Pino) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }

  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }

  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }

  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }

  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }

  /** Nest passes `(message, context)`, or `(message, stack, context)` for errors. */
  private write(level: Level, message: unknown, rest: unknown[]): void {
    const context = rest.length > 0 && typeof rest[rest.length - 1] === 'string' ? rest[rest.length - 1] : undefined;
    const stack = rest.length > 1 && typeof rest[0] === 'string' ? rest[0] : undefined;
    if (message instanceof Error) this.root[level]({ context, err: message }, message.message);
    else if (typeof message === 'object' && message !== null) this.root[level]({ context, ...message });
    else this.root[level]({ context, ...(stack ? { stack } : {}) }, String(message));
  }
}
