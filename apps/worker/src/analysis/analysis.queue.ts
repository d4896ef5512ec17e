/** The BullMQ queue of analysis ticks: one job scheduler per live deployment. */
export const ANALYSIS_QUEUE = 'analysis';

/** The scheduler id of a deployment's ticks: upserting it again changes its interval, never duplicates it. */
export const schedulerIdOf = (deploymentId: string): string => `deployment:${deploymentId}`;

export interface AnalysisJobData {
  deploymentId: string;
}
