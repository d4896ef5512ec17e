import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DeploymentRepository, PgChangeListener } from '@modelgate/persistence';
import { AppLogger, type AppConfig } from '@modelgate/platform';
import { analysedPhases } from '@modelgate/rollouts';
import type { Queue } from 'bullmq';
import { ANALYSIS_QUEUE, type AnalysisJobData, schedulerIdOf } from './analysis.queue';

/**
 * Reconciles BullMQ's job schedulers with PostgreSQL, the source of truth: one scheduler per
 * analysed deployment at its `intervalSeconds`, none for the others. Runs on start, on every change
 * to deployments (LISTEN/NOTIFY), and every minute, so Redis losing its data loses no schedule.
 */
@Injectable()
export class AnalysisScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly listener: PgChangeListener;

  constructor(
    @InjectQueue(ANALYSIS_QUEUE) private readonly queue: Queue<AnalysisJobData>,
    private readonly deployments: DeploymentRepository,
    config: ConfigService<AppConfig, true>,
    private readonly logger: AppLogger,
  ) {
    this.logger.setContext('analysis-scheduler');
    this.listener = new PgChangeListener({
      databaseUrl: config.get('DATABASE_URL', { infer: true }),
      channel: 'modelgate_deployments',
      reload: () => this.reconcile(),
      onError: (error) => logger.error({ err: error }, 'reconciling analysis schedulers failed; retrying'),
      resyncMs: 60_000,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.listener.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.listener.stop();
  }

  /** Upserts the scheduler of every analysed deployment and removes the rest. */
  async reconcile(): Promise<void> {
    const live = await this.deployments.listAnalysed(analysedPhases);
    const wanted = new Set(live.map((d) => schedulerIdOf(d.id)));
    for (const { id, intervalSeconds } of live) {
      await this.queue.upsertJobScheduler(schedulerIdOf(id), { every: intervalSeconds * 1000 }, { name: 'tick', data: { deploymentId: id }, opts: { removeOnComplete: 100, removeOnFail: 500 } });
    }
    for (const scheduler of await this.queue.getJobSchedulers()) {
      if (scheduler.key && !wanted.has(scheduler.key)) await this.queue.removeJobScheduler(scheduler.key);
    }
    this.logger.debug(`${live.length} analysis schedulers`);
  }
}
