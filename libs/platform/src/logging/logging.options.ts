import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';

const REQUEST_ID = 'x-request-id';
/** Scraped and probed every few seconds: logging each would bury everything else. */
const QUIET_PATHS = new Set(['/health', '/metrics']);

/** pino JSON logs with a request id (taken from `x-request-id`, or made) echoed in the response. */
export function loggingOptions(app: string, level: string): Params {
  return {
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
