import type { Decision, DriftEvidence, ReportDeployment } from '@modelgate/contracts';

/** A control action from the audit log (start, pause, resume, abort, approve, an alert…) with who did it. */
export interface ControlEvent {
  at: string;
  action: string;
  /** The API key's name, or null when the log does not say. */
  actor: string | null;
  detail: string;
}

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
  controls: ControlEvent[];
  totals: Record<string, VariantTotals>;
  /** The latest drift evidence of each live version. */
  drift: DriftEvidence[];
  generatedAt: string;
}
