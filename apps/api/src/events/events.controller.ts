import { BadRequestException, Body, Controller, HttpCode, Post } from '@nestjs/common';
import {
  type IngestEventsResponse,
  ingestEventsBodySchema,
  ingestEventsResponseSchema,
  MAX_EVENTS_PER_REQUEST,
  parseEvent,
} from '@modelgate/contracts';
import { EventIngestor } from '@modelgate/ingest';
import { Roles } from '../auth/roles.decorator';
import { ApiOperationFrom } from '../openapi/zod-openapi.decorators';

/**
 * HTTP ingest for services that cannot reach Kafka: the same validation, deployment resolution and
 * idempotent write as apps/ingest. A request is all or nothing: any bad event → 400, nothing stored.
 */
@Controller('v1/events')
export class EventsController {
  constructor(private readonly ingestor: EventIngestor) {}

  @Post()
  @HttpCode(202)
  @Roles('service')
  @ApiOperationFrom({
    summary: `Ingest prediction and outcome events (one, or an array of up to ${MAX_EVENTS_PER_REQUEST})`,
    body: ingestEventsBodySchema,
    response: ingestEventsResponseSchema,
    status: 202,
    roles: ['service'],
  })
  async ingest(@Body() body: unknown): Promise<IngestEventsResponse> {
    const many = Array.isArray(body);
    const events: unknown[] = many ? body : [body];
    if (events.length === 0 || events.length > MAX_EVENTS_PER_REQUEST) {
      throw badRequest([{ path: '', message: `send 1 to ${MAX_EVENTS_PER_REQUEST} events, got ${events.length}`, code: 'too_many' }]);
    }
    const result = await this.ingestor.ingest(
      events.map((event, index) => ({ source: index, parsed: parseEvent(event) })),
      { allOrNothing: true },
    );
    if (result.deadLetters.length > 0) {
      throw badRequest(
        result.deadLetters.flatMap(({ source, reason, errors }) =>
          errors.map((error) => ({ path: [many ? String(source) : '', error.path].filter(Boolean).join('.'), message: error.message, code: reason })),
        ),
      );
    }
    return { received: result.received, written: result.predictionsWritten + result.outcomesWritten, duplicates: result.duplicates };
  }
}

function badRequest(errors: Array<{ path: string; message: string; code: string }>): BadRequestException {
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: `invalid events: ${errors.map((e) => `${e.path || '(body)'}: ${e.message}`).join('; ')}`,
    errors,
  });
}
