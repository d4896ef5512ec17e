import { BadRequestException, type INestApplication } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Socket } from 'node:net';
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
 * The api's HTTP adapter: Fastify (bench/assign-http: more requests per core than Express), keeping
 * what clients saw of Express: a trailing slash and the path's case do not matter, larger bodies than
 * the limit get 413, an empty JSON body is `{}`, and a body that is not JSON gets 400 shaped as
 * every other error (`statusCode`, `error`, `message`).
 */
export function apiHttpAdapter(config: AppConfig): FastifyAdapter {
  const bodyLimit = bodyLimitBytes(config.HTTP_BODY_LIMIT);
  // skipMiddie: no Express-style middleware (request logging is a Fastify hook), so no request runs through middie.
  const adapter = new FastifyAdapter({
    bodyLimit,
    skipMiddie: true,
    routerOptions: { ignoreTrailingSlash: true, caseSensitive: false, maxParamLength: 1000 },
    clientErrorHandler: answerClientError,
  });
  const fastify = adapter.getInstance();
  // Fastify's own parser: it also refuses `__proto__` and `constructor.prototype` keys.
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  adapter.useBodyParser('application/json', false, { bodyLimit }, (request, body: Buffer, done) => {
    if (body.length === 0) return done(null, {});
    void parseJson(request, body as unknown as string, (error, value) => done(error ? new BadRequestException(error.message) : null, value));
  });
  // Fastify closes the connection after refusing a body (too large, not JSON), so a client still
  // sending it sees a reset instead of the answer; Node's server reads and drops the rest instead.
  fastify.addHook('onError', (_request, reply, _error, done) => {
    reply.removeHeader('connection');
    done();
  });
  return adapter;
}

/** What a request Node's HTTP parser refused gets: the usual error shape, with what to do next. */
const CLIENT_ERRORS: Record<string, [status: number, error: string, message: string]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large', 'the request line and headers exceed 16 KiB: send long values in the body'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout', 'the request was not received in time: send it again'],
};
const MALFORMED: [number, string, string] = [400, 'Bad Request', 'malformed HTTP request'];
/** How long a refused client may go on sending before its connection is cut. */
const LINGER_MS = 2_000;

/**
 * Answers a request refused before it reached Fastify (a URL or headers over Node's limit, a
 * malformed or too slow request), then closes gracefully. Fastify's default writes the answer and
 * destroys the socket at once: a client still sending its request then gets a reset that discards
 * the answer (the fuzz test saw `other side closed` for over-long URLs). Here the answer is followed
 * by a FIN, and what the client still sends is read and dropped (Node goes on feeding it to the
 * failed parser, which calls this again) until it closes, or for LINGER_MS at most.
 */
function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed || socket.writableEnded) return;
  const [statusCode, reason, message] = CLIENT_ERRORS[error.code ?? ''] ?? MALFORMED;
  const body = JSON.stringify({ statusCode, error: reason, message });
  socket.end(`HTTP/1.1 ${statusCode} ${reason}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  setTimeout(() => socket.destroy(), LINGER_MS).unref();
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
