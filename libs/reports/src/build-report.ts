import {
  type Decision,
  type MetricRole,
  REPORT_SCHEMA,
  type Report,
  type ReportAnalysis,
  type ReportDeployment,
  type ReportStep,
  type ReportTimelineEntry,
  type VariantSeries,
} from '@modelgate/contracts';
import type { ReportInput } from './report-input';

/** The variants a deployment names: its A/B arms, else baseline and candidate. */
function plannedVariants(d: ReportDeployment): { variant: string; version: string }[] {
  if (d.arms.length > 0) return d.arms.map((a) => ({ variant: a.name, version: a.version }));
  return [
    { variant: 'baseline', version: d.baselineVersion },
    { variant: 'candidate', version: d.candidateVersion },
  ];
}

// Roles that describe a variant's metric; the others (srm, sample, drift, alert) have their own sections.
const metricRoleOrder: MetricRole[] = ['primary', 'guardrail', 'signal'];

/** Each metric's role, as the tests that ran on it say; the deployment's primary metric otherwise. */
function metricRoles(d: ReportDeployment, decisions: Decision[]): Map<string, MetricRole> {
  const roles = new Map<string, MetricRole>();
  if (d.primaryMetric) roles.set(d.primaryMetric.name, 'primary');
  for (const decision of decisions) {
    for (const t of decision.evidence.tests) {
      if (metricRoleOrder.includes(t.role) && !roles.has(t.metric)) roles.set(t.metric, t.role);
    }
  }
  return roles;
}

/** A decision that came from an analysis (the engine's ticks), not a control action without numbers. */
const isAnalysis = (d: Decision): boolean => d.analysisId !== null || d.evidence.variants.length > 0;

/**
 * The analyses, each at the step and share it analysed: a decision records the step *after* it,
 * so an analysis ran at the step its predecessor left (the first step before any decision).
 */
function analysesOf(d: ReportDeployment, decisions: Decision[]): ReportAnalysis[] {
  let step: number | null = d.steps.length > 0 ? 0 : null;
  let share: number | null = d.steps[0] ?? null;
  const analyses: ReportAnalysis[] = [];
  for (const decision of decisions) {
    const e = decision.evidence;
    if (isAnalysis(decision)) {
      analyses.push({
        id: decision.analysisId ?? decision.id,
        decisionId: decision.id,
        at: decision.madeAt,
        window: e.window,
        comparison: e.comparison,
        step,
        share,
        action: decision.action,
        variants: e.variants.map((v) => ({ variant: v.variant, version: v.version, predictions: v.predictions, errors: v.errors, outcomes: v.outcomes })),
        srm: e.srm,
      });
    }
    if (decision.step !== null) step = decision.step;
    if (decision.share !== null) share = decision.share;
  }
  return analyses;
}

function stepsOf(d: ReportDeployment, analyses: ReportAnalysis[]): ReportStep[] {
  return d.steps.map((share, index) => {
    const mine = analyses.filter((a) => a.step === index);
    const ending = mine.filter((a) => a.action !== 'hold').at(-1);
    return {
      index,
      share,
      analyses: mine.length,
      firstAt: mine[0]?.at ?? null,
      lastAt: mine.at(-1)?.at ?? null,
      outcome: ending?.action ?? null,
    };
  });
}

function variantSeries(input: ReportInput, roles: Map<string, MetricRole>): VariantSeries[] {
  const known = plannedVariants(input.deployment);
  for (const decision of input.decisions) {
    for (const v of decision.evidence.variants) {
      if (!known.some((k) => k.variant === v.variant)) known.push({ variant: v.variant, version: v.version });
    }
  }
  return known.map(({ variant, version }) => {
    const metrics = new Map<string, VariantSeries['metrics'][number]>();
    for (const decision of input.decisions) {
      const evidence = decision.evidence.variants.find((v) => v.variant === variant);
      for (const estimate of evidence?.estimates ?? []) {
        let series = metrics.get(estimate.metric);
        if (!series) {
          series = { metric: estimate.metric, role: roles.get(estimate.metric) ?? 'signal', points: [] };
          metrics.set(estimate.metric, series);
        }
        series.points.push({
          analysisId: decision.analysisId ?? decision.id,
          at: decision.madeAt,
          value: estimate.value,
          ciLower: estimate.ciLower,
          ciUpper: estimate.ciUpper,
          n: estimate.n,
        });
      }
    }
    const ordered = [...metrics.values()].sort((a, b) => metricRoleOrder.indexOf(a.role) - metricRoleOrder.indexOf(b.role));
    return { variant, version, totals: input.totals[variant] ?? { predictions: 0, errors: 0, outcomes: 0 }, metrics: ordered };
  });
}

/** State changes and control actions, oldest first; holds that change nothing stay in the decision list only. */
function timelineOf(input: ReportInput): ReportTimelineEntry[] {
  const fromDecisions: ReportTimelineEntry[] = input.decisions
    .filter((d) => d.action !== 'hold' || d.phaseBefore !== d.phaseAfter)
    .map((d) => ({
      at: d.madeAt,
      kind: 'decision',
      action: d.action,
      actor: 'engine',
      phaseBefore: d.phaseBefore,
      phaseAfter: d.phaseAfter,
      share: d.share,
      reason: d.reason,
      decisionId: d.id,
    }));
  const fromControls: ReportTimelineEntry[] = input.controls.map((c) => ({
    at: c.at,
    kind: 'control',
    action: c.action,
    actor: c.actor,
    phaseBefore: null,
    phaseAfter: null,
    share: null,
    reason: c.detail,
    decisionId: null,
  }));
  return [...fromDecisions, ...fromControls].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

/**
 * The report model of one deployment: its plan and timeline, per variant every metric over time
 * with its interval, every analysis with its tests and SRM, the drift of its live versions, and
 * every decision with its evidence. Pure: the same input gives the same report.
 * @example buildReport({ deployment, decisions, controls: [], totals: {}, drift: [], generatedAt: '2025-11-25T10:00:00Z' }).analyses.length
 */
export function buildReport(input: ReportInput): Report {
  const decisions = [...input.decisions].sort((a, b) => Date.parse(a.madeAt) - Date.parse(b.madeAt));
  const analyses = analysesOf(input.deployment, decisions);
  return {
    schema: REPORT_SCHEMA,
    generatedAt: input.generatedAt,
    deployment: input.deployment,
    steps: stepsOf(input.deployment, analyses),
    timeline: timelineOf({ ...input, decisions }),
    variants: variantSeries({ ...input, decisions }, metricRoles(input.deployment, decisions)),
    analyses,
    drift: input.drift,
    decisions,
  };
}
