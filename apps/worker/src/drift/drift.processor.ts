import { Processor, WorkerHost } from '@nestjs/bullmq';
import { runDriftTick } from '@modelgate/persistence';
import { AppLogger } from '@modelgate/platform';
import type { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { DRIFT_QUEUE, type DriftTickJob } from './drift.queue';

/** Runs a monitor's tick (the same code path as `POST …/drift/analyses`). */
@Processor(DRIFT_QUEUE)
export class DriftProcessor extends WorkerHost {
  constructor(
    private readonly dataSource: DataSource,
    private readonly logger: AppLogger,
  ) {
    super();
    this.logger.setContext(DriftProcessor.name);
  }

  async process(job: Job<DriftTickJob>): Promise<void> {
    const started = Date.now();
    const analysis = await runDriftTick(this.dataSource, job.data.monitorId, new Date());
    if (!analysis) return; // the monitor was deleted; the scheduler goes at the next sync
    const fields = { monitorId: analysis.monitorId, model: analysis.model, version: analysis.version, state: analysis.state, decisionId: analysis.decisionId, ms: Date.now() - started };
    if (analysis.decisionId) this.logger.warn(fields, 'drift: retrain decided');
    else this.logger.info(fields, 'drift tick');
  }
}
