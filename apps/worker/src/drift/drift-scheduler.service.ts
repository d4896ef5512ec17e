import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { monitorSettingsSchema } from '@modelgate/contracts';
import { monitorSql } from '@modelgate/persistence';
import { AppLogger } from '@modelgate/platform';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { DRIFT_QUEUE, DRIFT_TICK_JOB, type DriftTickJob, schedulerIdOf } from './drift.queue';

/** How often the schedules are re-read from PostgreSQL (new monitors, changed intervals, a Redis that lost them). */
const SYNC_EVERY_MS = 60_000;

/**
 * Keeps one BullMQ job scheduler per monitor, from PostgreSQL: on start and every minute it gives
 * every version of every deployment a monitor, upserts each monitor's scheduler at its interval
 * and removes the schedulers of monitors that are gone. Redis losing its data loses no schedule.
 */
@Injectable()
export class DriftSchedulerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly dataSource: DataSource,
    @InjectQueue(DRIFT_QUEUE) private readonly queue: Queue<DriftTickJob>,
    private readonly logger: AppLogger,
  ) {
    this.logger.setContext(DriftSchedulerService.name);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.sync();
    this.timer = setInterval(() => {
      this.sync().catch((error: unknown) => this.logger.error({ err: error }, 'drift: schedule sync failed; retrying in a minute'));
    }, SYNC_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async sync(): Promise<void> {
    await monitorSql.upsertForDeployments(this.dataSource);
    const monitors = await monitorSql.all(this.dataSource);
    const wanted = new Set<string>();
    for (const monitor of monitors) {
      wanted.add(schedulerIdOf(monitor.id));
      const settings = monitorSettingsSchema.safeParse(monitor.settings ?? {});
      if (!settings.success) {
        // Written by hand with SQL, perhaps: skip it, keep the others ticking.
        this.logger.error({ monitorId: monitor.id, issues: settings.error.issues }, 'drift: monitor settings invalid; fix them with PUT …/monitor');
        continue;
      }
      const every = (settings.data.intervalSeconds ?? settings.data.windowSeconds) * 1000;
      await this.queue.upsertJobScheduler(schedulerIdOf(monitor.id), { every }, { name: DRIFT_TICK_JOB, data: { monitorId: monitor.id }, opts: { removeOnComplete: 100, removeOnFail: 100 } });
    }
    for (const scheduler of await this.queue.getJobSchedulers()) {
      if (scheduler.key.startsWith('monitor:') && !wanted.has(scheduler.key)) await this.queue.removeJobScheduler(scheduler.key);
    }
    this.logger.info({ monitors: monitors.length }, 'drift: schedules synced');
  }
}
