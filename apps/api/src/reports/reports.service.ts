import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Report, ReportLink } from '@modelgate/contracts';
import { AppLogger, type AppConfig } from '@modelgate/platform';
import { findReportDeployment, latestDrift, listControlActions, listDeploymentDecisions, sumRollups } from '@modelgate/persistence';
import { buildReport } from '@modelgate/reports';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { reportLinkSecret, signReportLink, verifyReportLink } from './report-link.signer';

/** Builds a deployment's report from what the database holds, and signs and checks report links. */
@Injectable()
export class ReportsService {
  private readonly linkSecret: string;

  constructor(
    private readonly db: DataSource,
    config: ConfigService<AppConfig, true>,
    logger: AppLogger,
  ) {
    logger.setContext('reports');
    const { secret, generated } = reportLinkSecret(
      { NODE_ENV: config.get('NODE_ENV', { infer: true }), REPORT_LINK_SECRET: config.get('REPORT_LINK_SECRET', { infer: true }) },
      () => randomBytes(32).toString('base64url'),
    );
    if (generated) logger.warn('REPORT_LINK_SECRET is not set: report links are signed with a random secret and stop working when this process restarts');
    this.linkSecret = secret;
  }

  async report(deploymentId: string): Promise<Report> {
    const deployment = await findReportDeployment(this.db, deploymentId);
    if (!deployment) throw new NotFoundException(`no deployment ${deploymentId}: list them with GET /v1/deployments`);
    const versions = [...new Set([deployment.baselineVersion, deployment.candidateVersion, ...deployment.arms.map((a) => a.version)])];
    const [decisions, controls, totals, drift] = await Promise.all([
      listDeploymentDecisions(this.db, deploymentId),
      listControlActions(this.db, deploymentId),
      sumRollups(this.db, deploymentId),
      latestDrift(this.db, deploymentId, deployment.model, versions),
    ]);
    return buildReport({ deployment, decisions, controls, totals, drift, generatedAt: new Date().toISOString() });
  }

  /** A link to the HTML report that works without a key for `ttlSeconds`. */
  async createLink(deploymentId: string, ttlSeconds: number, origin: string): Promise<ReportLink> {
    if (!(await findReportDeployment(this.db, deploymentId))) throw new NotFoundException(`no deployment ${deploymentId}: list them with GET /v1/deployments`);
    const expiresAt = Math.floor(Date.now() / 1000) + ttlSeconds;
    const path = `/v1/report-links/${signReportLink(this.linkSecret, deploymentId, expiresAt)}`;
    return { url: `${origin}${path}`, path, expiresAt: new Date(expiresAt * 1000).toISOString() };
  }

  /** The report a link opens; 403 with the reason when it is expired or altered. */
  async reportOfLink(token: string): Promise<Report> {
    const check = verifyReportLink(this.linkSecret, token, Math.floor(Date.now() / 1000));
    if (!check.ok) throw new ForbiddenException(check.reason);
    return this.report(check.deploymentId);
  }
}
