import type { Decision, DriftAnalysis, ReportDeployment, TimelineEntryDto } from '@modelgate/contracts';

/** A variant's totals over all of the deployment's rollups. */
export interface VariantTotals {
  predictions: number;
  errors: number;
  outcomes: number;
}

/**
 * Everything a report is built from: what the database holds about one deployment, already read
 * (the report never reads events). Time is an argument, so the same input gives the same report.
 */
export interface ReportInput {
  deployment: ReportDeployment;
  /** Every decision of the deployment, oldest first: one per analysis (holds included), plus control decisions. */
  decisions: Decision[];
  /** The engine's timeline of the deployment (TimelineRepository), without the holds that changed nothing. */
  timeline: TimelineEntryDto[];
  totals: Record<string, VariantTotals>;
  /** The monitors' latest drift analysis of each of the deployment's versions. */
  drift: DriftAnalysis[];
  generatedAt: string;
}
