import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { type CompiledDeployment, compileDeployment } from '@modelgate/assignment';
import { cacheListener, type Changes, DeploymentRepository, type DeploymentRow, type PgChangeListener, toLiveDeployment } from '@modelgate/persistence';
import { AppLogger, type AppConfig } from '@modelgate/platform';

/** A cached deployment with what orders a model's deployments. */
interface Entry {
  compiled: CompiledDeployment;
  model: string;
  createdAt: number;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Whether `a` was created after `b` (ids break ties, as listAll orders them). */
const newer = (a: Entry, b: Entry) => a.createdAt > b.createdAt || (a.createdAt === b.createdAt && a.id > b.id);

/**
 * The deployments assignment answers from, compiled, in memory: `/v1/assign` never queries the
 * database. Every change to deployments, variants or steps (by any process) notifies every replica
 * with the deployment's id, and each reloads that deployment alone: replicas agree within the
 * notification's latency (milliseconds), however many deployments are kept. Everything is reloaded
 * on start, after a reconnection and every 30 s, in case a notification was lost.
 */
@Injectable()
export class LiveDeploymentsCache implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly byId = new Map<string, Entry>();
  private readonly byModel = new Map<string, Entry>();
  private readonly listener: PgChangeListener;

  constructor(
    private readonly deployments: DeploymentRepository,
    config: ConfigService<AppConfig, true>,
    private readonly logger: AppLogger,
  ) {
    this.logger.setContext('live-deployments');
    this.listener = cacheListener(config, logger, 'modelgate_deployments', (changes) => this.reload(changes));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.listener.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.listener.stop();
  }

  /**
   * Applies a change made by this replica at once (read-your-writes), without waiting for the
   * notification: of the deployment `id`, or of any deployment.
   */
  refresh(id?: string): Promise<void> {
    return this.listener.requestReload(id);
  }

  byDeploymentId(id: string): CompiledDeployment | undefined {
    return this.byId.get(id)?.compiled;
  }

  /** The model's most recently created deployment. */
  byModelName(model: string): CompiledDeployment | undefined {
    return this.byModel.get(model)?.compiled;
  }

  private async reload(changes: Changes): Promise<void> {
    // A payload that is no deployment id (`*` after a TRUNCATE) asks for everything.
    const ids = changes === 'all' || ![...changes].every((id) => UUID.test(id)) ? undefined : [...changes];
    const rows = ids === undefined ? await this.deployments.listAll() : await this.deployments.listByIds(ids);
    const models = new Set<string>();
    for (const id of ids ?? [...this.byId.keys()]) {
      const gone = this.byId.get(id);
      if (gone === undefined) continue;
      models.add(gone.model);
      this.byId.delete(id);
    }
    for (const row of rows) {
      this.byId.set(row.id, entryOf(row));
      models.add(row.model);
    }
    // The newest deployment of each model touched, among those cached.
    for (const model of models) this.byModel.delete(model);
    for (const entry of this.byId.values()) {
      if (!models.has(entry.model)) continue;
      const current = this.byModel.get(entry.model);
      if (current === undefined || newer(entry, current)) this.byModel.set(entry.model, entry);
    }
    this.logger.debug(`reloaded ${rows.length} deployments (${ids === undefined ? 'all' : `${ids.length} changed`}); ${this.byId.size} cached`);
  }
}

function entryOf(row: DeploymentRow): Entry {
  return { compiled: compileDeployment(toLiveDeployment(row)), model: row.model, createdAt: row.created_at.getTime(), id: row.id };
}
