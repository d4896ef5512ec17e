/** The queue of monitor ticks: one job scheduler per monitor, id `monitor:<id>`. */
export const DRIFT_QUEUE = 'drift-ticks';
export const DRIFT_TICK_JOB = 'drift-tick';

export interface DriftTickJob {
  monitorId: string;
}

export const schedulerIdOf = (monitorId: string): string => `monitor:${monitorId}`;
