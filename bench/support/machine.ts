import { availableParallelism, loadavg } from 'node:os';

/** What the figures beside it were measured on: the cores are shared with Kafka, PostgreSQL and anything else running. */
export function machineLoad(): string {
  return `load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${availableParallelism()} cores`;
}
