import { ConflictException, Injectable, NotFoundException, UnauthorizedException } from '@nestjs/common';
import type { ArgoAnswer, FlaggerAnswer, FlaggerHook, FlaggerLink, FlaggerPayload, LinkFlagger } from '@modelgate/contracts';
import { argoDecision, flaggerAnswer } from '@modelgate/deploy';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { GateRepository } from './gate.repository';

const hash = (token: string) => createHash('sha256').update(token).digest();
/** Hooks whose call is kept on the deployment's timeline (the others are polled every interval). */
const RECORDED: readonly FlaggerHook[] = ['event', 'post-rollout'];

/** The gates Flagger and Argo Rollouts ask: go or not, from the deployment's latest decision. */
@Injectable()
export class GatesService {
  constructor(private readonly gates: GateRepository) {}

  async linkFlagger(deploymentId: string, request: LinkFlagger): Promise<FlaggerLink> {
    if (!(await this.gates.deploymentExists(deploymentId))) throw new NotFoundException(`no deployment ${deploymentId}: list them with GET /v1/deployments`);
    const token = `mgg_${randomBytes(24).toString('base64url')}`;
    if (!(await this.gates.link(deploymentId, request.name, request.namespace, hash(token).toString('hex')))) {
      throw new ConflictException(`the canary ${request.namespace}/${request.name} is linked to another deployment: unlink it there first`);
    }
    return { deploymentId, ...request, token };
  }

  async flagger(hook: FlaggerHook, payload: FlaggerPayload): Promise<FlaggerAnswer> {
    const canary = await this.gates.canary(payload.name, payload.namespace);
    if (!canary) {
      throw new NotFoundException(
        `no deployment is linked to the canary ${payload.namespace}/${payload.name}: link one with PUT /v1/deployments/:id/gates/flagger`,
      );
    }
    const token = payload.metadata?.token;
    if (!token || !timingSafeEqual(hash(token), Buffer.from(canary.tokenHash, 'hex'))) {
      throw new UnauthorizedException("put the deployment's gate token in the webhook's metadata.token (PUT /v1/deployments/:id/gates/flagger issues one)");
    }
    // A release (checksum) starts clean: a decision made before the gate first saw it does not count.
    const since = payload.checksum ? await this.gates.firstSeen(payload.name, payload.namespace, payload.checksum) : null;
    const latest = await this.gates.latestDecision(canary.deploymentId, since);
    const answer = flaggerAnswer(hook, latest?.action ?? null);
    if (RECORDED.includes(hook)) {
      const { token: _token, ...metadata } = payload.metadata ?? {};
      await this.gates.recordEvent({
        deploymentId: canary.deploymentId,
        hook,
        name: payload.name,
        namespace: payload.namespace,
        checksum: payload.checksum ?? null,
        phase: payload.phase ?? null,
        message: metadata.eventMessage ?? null,
        status: answer.go ? 200 : 403,
        metadata,
      });
    }
    return { go: answer.go, hook, decisionId: latest?.id ?? null, action: latest?.action ?? null, reason: answer.reason };
  }

  async argo(deploymentId: string): Promise<ArgoAnswer> {
    if (!(await this.gates.deploymentExists(deploymentId))) throw new NotFoundException(`no deployment ${deploymentId}: check the AnalysisTemplate's args`);
    const latest = await this.gates.latestDecision(deploymentId, null);
    if (!latest) return { decision: 'hold', reason: 'no decision yet: keep collecting', evidence: null, decisionId: null, action: null, madeAt: null };
    return {
      decision: argoDecision(latest.action),
      reason: latest.reason,
      evidence: latest.record.evidence,
      decisionId: latest.id,
      action: latest.action,
      madeAt: latest.record.madeAt,
    };
  }
}
