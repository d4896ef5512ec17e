import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger as Pino } from 'pino';
import { pinoHttp } from 'pino-http';

const REQUEST_ID = 'x-request-id';
/** Scraped and probed every few seconds: logging each would bury everything else. */
const QUIET_PATHS = new Set(['/health', '/metrics']);
/**
 * Called once per prediction by model gateways: no per-request log line. Their volume would bury
 * everything else, and the middleware costs a third of their throughput (bench/assign-http).
 * Their server errors still reach the log through Nest's exception handler.
 */
const HOT_POST_PATHS = new Set(['/v1/assign', '/v1/assign/batch']);

/** The path without its query string (checked on every request: no array, no regex). */
function pathOf(req: IncomingMessage): string {
  const url = req.url ?? '';
  const query = url.indexOf('?');
  return query < 0 ? url : url.slice(0, query);
}

/**
 * One JSON line per request with its request id (taken from `x-request-id`, or made) and echoed
 * in the response. Plain pino-http: no AsyncLocalStorage, which on Node 20 taxes every promise.
 */
export function httpLogging(root: Pino): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  const log = pinoHttp({
    logger: root,
    genReqId: (req, res) => {
      const given = req.headers[REQUEST_ID];
      const id = typeof given === 'string' && given.length > 0 && given.length <= 128 ? given : randomUUID();
      res.setHeader(REQUEST_ID, id);
      return id;
    },
    customAttributeKeys: { reqId: 'requestId' },
    autoLogging: { ignore: (req) => QUIET_PATHS.has(pathOf(req)) },
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  });
  return (req, res, next) => {
    if (req.method === 'POST' && HOT_POST_PATHS.has(pathOf(req))) next();
    else log(req, res, next);
  };
}
