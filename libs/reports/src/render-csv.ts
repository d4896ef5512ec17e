import type { Report, TestEvidence } from '@modelgate/contracts';
import { csvField } from './escape';

/** The columns, in order: the header row names every one. */
export const csvColumns = [
  'deployment_id',
  'analysis_id',
  'decision_id',
  'analysed_at',
  'window_start',
  'window_end',
  'step',
  'share_percent',
  'action',
  'variant',
  'version',
  'predictions',
  'errors',
  'outcomes',
  'metric',
  'role',
  'value',
  'ci_lower',
  'ci_upper',
  'n',
  'test',
  'statistic',
  'p_value',
  'probability',
  'effect_ci_lower',
  'effect_ci_upper',
  'threshold',
  'verdict',
  'srm_p_value',
  'srm_verdict',
  'reason',
] as const;

type Row = Record<(typeof csvColumns)[number], string | number | null>;

/**
 * The report as CSV (RFC 4180, CRLF line ends): one row per analysis × variant × metric, with the
 * test of that metric on that variant when one ran (tests compare a variant with the baseline, so
 * the baseline's rows have none), the analysis' SRM and its decision's reason.
 */
export function renderCsv(report: Report): string {
  const decisions = new Map(report.decisions.map((d) => [d.id, d]));
  const roles = new Map(report.variants.flatMap((s) => s.metrics.map((m) => [`${s.variant}\n${m.metric}`, m.role] as const)));
  const lines = [csvColumns.join(',')];
  for (const a of report.analyses) {
    const decision = decisions.get(a.decisionId);
    if (!decision) continue;
    for (const v of decision.evidence.variants) {
      for (const e of v.estimates) {
        const test: TestEvidence | undefined = decision.evidence.tests.find((t) => t.metric === e.metric && t.variant === v.variant);
        const row: Row = {
          deployment_id: report.deployment.id,
          analysis_id: a.id,
          decision_id: a.decisionId,
          analysed_at: a.at,
          window_start: a.window.start,
          window_end: a.window.end,
          step: a.step,
          share_percent: a.share,
          action: a.action,
          variant: v.variant,
          version: v.version,
          predictions: v.predictions,
          errors: v.errors,
          outcomes: v.outcomes,
          metric: e.metric,
          role: roles.get(`${v.variant}\n${e.metric}`) ?? 'signal',
          value: e.value,
          ci_lower: e.ciLower,
          ci_upper: e.ciUpper,
          n: e.n,
          test: test?.name ?? null,
          statistic: test?.statistic ?? null,
          p_value: test?.pValue ?? null,
          probability: test?.probability ?? null,
          effect_ci_lower: test?.ciLower ?? null,
          effect_ci_upper: test?.ciUpper ?? null,
          threshold: test?.threshold ?? null,
          verdict: test?.verdict ?? null,
          srm_p_value: a.srm?.pValue ?? null,
          srm_verdict: a.srm?.verdict ?? null,
          reason: decision.reason,
        };
        lines.push(csvColumns.map((c) => csvField(row[c])).join(','));
      }
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}
