import { Processor, WorkerHost } from '@nestjs/bullmq';
import { RolloutStoreError, RolloutRunner, type TickResult } from '@modelgate/persistence';
import { AppLogger } from '@modelgate/platform';
import { type Job, UnrecoverableError } from 'bullmq';
import { ANALYSIS_QUEUE, type AnalysisJobData } from './analysis.queue';

/**
 * One analysis tick per job, through the same runner as `POST /v1/deployments/:id/analyses`: one
 * transaction under the deployment's row lock. The tick's scheduled time makes a redelivered job
 * (a stalled worker's, after a crash) a no-op when that tick was already analysed.
 */
// Ticks of different deployments run side by side; one deployment's ticks serialise on its row lock.
@Processor(ANALYSIS_QUEUE, { concurrency: 4 })
export class AnalysisProcessor extends WorkerHost {
  constructor(
    private readonly runner: RolloutRunner,
    private readonly logger: AppLogger,
  ) {
    super();
    this.logger.setContext('analysis');
  }

  async process(job: Job<AnalysisJobData>): Promise<TickResult> {
    const scheduledAt = new Date(job.timestamp + (job.opts.delay ?? 0));
    try {
      const result = await this.runner.analyse(job.data.deploymentId, { scheduledAt });
      if (result.ran) {
        const { decision } = result;
        this.logger.info({ deploymentId: job.data.deploymentId, analysis: result.analysis.number, action: decision.action, phase: decision.phaseAfter }, decision.reason);
      }
      return result;
    } catch (error) {
      // A deleted deployment's tick can never succeed: fail it for good (the reconciler removes its scheduler).
      if (error instanceof RolloutStoreError && error.code === 'not_found') throw new UnrecoverableError(error.message);
      throw error;
    }
  }
}
