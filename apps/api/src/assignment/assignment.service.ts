import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { assign } from '@modelgate/assignment';
import type { AssignRequest, Assignment } from '@modelgate/contracts';
import { randomUUID } from 'node:crypto';
import type { Principal } from '../auth/roles.decorator';
import { LiveDeploymentsCache } from '../deployments/live-deployments.cache';

/** Answers assignment requests from the in-memory deployments (no database on this path). */
@Injectable()
export class AssignmentService {
  constructor(private readonly live: LiveDeploymentsCache) {}

  /** Refuses an override header from a key without the right, before any unit is assigned. */
  checkOverride(principal: Principal, overrideVersion: string | undefined): void {
    if (overrideVersion !== undefined && !principal.canOverride) {
      throw new ForbiddenException('this API key may not force a version with x-modelgate-version: ask an admin for a key with canOverride');
    }
  }

  assign(request: AssignRequest, principal: Principal, overrideVersion: string | undefined): Assignment {
    const compiled = request.deploymentId !== undefined ? this.live.byDeploymentId(request.deploymentId) : this.live.byModelName(request.model!);
    if (!compiled) {
      throw new NotFoundException(
        request.deploymentId !== undefined
          ? `no deployment ${request.deploymentId}: list them with GET /v1/deployments`
          : `no deployment of model ${request.model}: create one with POST /v1/deployments`,
      );
    }
    return assign(compiled, {
      unitId: request.unitId,
      attributes: request.attributes,
      // Made only when the strategy hashes it (rolling, A/B per request): 2 % of a canary's /v1/assign CPU otherwise.
      requestId: request.requestId,
      newRequestId: randomUUID,
      overrideVersion,
      overrideAllowed: principal.canOverride,
    });
  }
}
