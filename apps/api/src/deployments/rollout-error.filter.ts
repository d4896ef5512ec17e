import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import { RolloutStoreError, type RolloutStoreErrorCode } from '@modelgate/persistence';

/** What the filter uses of the response (Fastify's reply or Express's response: both send an object as JSON). */
interface JsonResponse {
  status(code: number): { send(body: unknown): void };
}

const statusOf: Record<RolloutStoreErrorCode, number> = { not_found: 404, invalid_transition: 409, rejected_version: 409 };

/** The rollout store's refusals as HTTP answers, each with its reason (never a 500). */
@Catch(RolloutStoreError)
export class RolloutErrorFilter implements ExceptionFilter {
  catch(error: RolloutStoreError, host: ArgumentsHost): void {
    const status = statusOf[error.code];
    host.switchToHttp().getResponse<JsonResponse>().status(status).send({ statusCode: status, error: error.code, message: error.message });
  }
}
