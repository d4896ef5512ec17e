import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { type Report, type ReportDeployment, type ReportLink, reportDeploymentSchema } from '@modelgate/contracts';
import { AppLogger, type AppConfig } from '@modelgate/platform';
import { DecisionRepository, DeploymentRepository, monitorSql, TimelineRepository, toAnalysis, toDeployment, variantTotals } from '@modelgate/persistence';
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
    private readonly deployments: DeploymentRepository,
    private readonly decisions: DecisionRepository,
    private readonly timeline: TimelineRepository,
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

  /** The report of a deployment, from the engine's repositories (deployment, decisions, timeline), its rollups and its monitors. */
  async report(deploymentId: string): Promise<Report> {
    const deployment = await this.deploymentOf(deploymentId);
    const versions = [...new Set([deployment.baselineVersion, deployment.candidateVersion, ...deployment.arms.map((a) => a.version)])];
    const [decisions, timeline, totals, drift] = await Promise.all([
      this.decisions.listByDeployment(deploymentId, null),
      this.timeline.timeline(deploymentId, { limit: null, changesOnly: true }),
      variantTotals(this.db, deploymentId),
      monitorSql.latestAnalyses(this.db, deployment.model, versions),
    ]);
    return buildReport({ deployment, decisions, timeline, totals, drift: drift.map((row) => toAnalysis(row, row)), generatedAt: new Date().toISOString() });
  }

  private async deploymentOf(deploymentId: string): Promise<ReportDeployment> {
    const row = await this.deployments.findById(deploymentId);
    if (!row) throw new NotFoundException(`no deployment ${deploymentId}: list them with GET /v1/deployments`);
    return reportDeploymentSchema.parse(toDeployment(row));
  }

  /** A link to the HTML report that works without a key for `ttlSeconds`. */
  async createLink(deploymentId: string, ttlSeconds: number, origin: string): Promise<ReportLink> {
    await this.deploymentOf(deploymentId);
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
