import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';

const REQUEST_ID = 'x-request-id';
/** Scraped and probed every few seconds: logging each would bury everything else. */
const QUIET_PATHS = new Set(['/health', '/metrics']);
/**
 * Called once per prediction by model gateways: no per-request log line or logging context. Their
 * volume would bury everything else, and the middleware costs a third of their throughput
 * (bench/assign-http). Their server errors still reach the log through Nest's exception handler.
 */
const HOT_ROUTES = [
  { method: RequestMethod.POST, path: 'v1/assign' },
  { method: RequestMethod.POST, path: 'v1/assign/batch' },
];

/** pino JSON logs with a request id (taken from `x-request-id`, or made) echoed in the response. */
export function loggingOptions(app: string, level: string): Params {
  return {
    exclude: HOT_ROUTES,
    pinoHttp: {
      level,
      base: { app: `modelgate-${app}` },
      genReqId: (req: IncomingMessage, res: ServerResponse) => {
        const given = req.headers[REQUEST_ID];
        const id = typeof given === 'string' && given.length > 0 && given.length <= 128 ? given : randomUUID();
        res.setHeader(REQUEST_ID, id);
        return id;
      },
      customAttributeKeys: { reqId: 'requestId' },
      autoLogging: { ignore: (req: IncomingMessage) => QUIET_PATHS.has((req.url ?? '').split('?')[0] ?? '') },
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
  };
}
