import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { type CompiledDeployment, compileDeployment } from '@modelgate/assignment';
import { cacheListener, DeploymentRepository, type PgChangeListener, toLiveDeployment } from '@modelgate/persistence';
import { AppLogger, type AppConfig } from '@modelgate/platform';

/**
 * The deployments assignment answers from, compiled, in memory: `/v1/assign` never queries the
 * database. Every change to deployments, variants or steps (by any process) notifies every
 * replica, which reloads: replicas agree within the notification's latency (milliseconds).
 */
@Injectable()
export class LiveDeploymentsCache implements OnApplicationBootstrap, OnApplicationShutdown {
  private byId = new Map<string, CompiledDeployment>();
  private byModel = new Map<string, CompiledDeployment>();
  private readonly listener: PgChangeListener;

  constructor(
    private readonly deployments: DeploymentRepository,
    config: ConfigService<AppConfig, true>,
    private readonly logger: AppLogger,
  ) {
    this.logger.setContext('live-deployments');
    this.listener = cacheListener(config, logger, 'modelgate_deployments', () => this.reload());
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.listener.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.listener.stop();
  }

  /** Applies a change made by this replica at once (read-your-writes), without waiting for the notification. */
  refresh(): Promise<void> {
    return this.listener.requestReload();
  }

  byDeploymentId(id: string): CompiledDeployment | undefined {
    return this.byId.get(id);
  }

  /** The model's most recently created deployment. */
  byModelName(model: string): CompiledDeployment | undefined {
    return this.byModel.get(model);
  }

  private async reload(): Promise<void> {
    const byId = new Map<string, CompiledDeployment>();
    const byModel = new Map<string, CompiledDeployment>();
    // Oldest first, so the newest deployment of a model is the one left in byModel.
    for (const row of await this.deployments.listAll()) {
      const compiled = compileDeployment(toLiveDeployment(row));
      byId.set(row.id, compiled);
      byModel.set(row.model, compiled);
    }
    this.byId = byId;
    this.byModel = byModel;
    this.logger.debug(`loaded ${byId.size} deployments`);
  }
}
