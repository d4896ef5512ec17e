/** The queue of event-partition maintenance: one job scheduler, run hourly (and once at start). */
export const PARTITIONS_QUEUE = 'event-partitions';
export const PARTITIONS_JOB = 'maintain';
export const PARTITIONS_SCHEDULER_ID = 'event-partitions:hourly';
export const PARTITIONS_EVERY_MS = 3_600_000;

/** Days created ahead of today (UTC), so that ingest finds tomorrow's partition before midnight. */
export const DAYS_AHEAD = 3;
