/**
 * The report's charts as option objects for Apache ECharts, rendered to SVG on the server
 * (`ssr: true`): the page needs no script, and every point of a series is one SVG element carrying
 * `ecmeta_series_index` / `ecmeta_data_index`, which the browser test counts against the JSON.
 */
import type { DriftEvidence, Report } from '@modelgate/contracts';
import * as echarts from 'echarts';

/** A rendered chart: its title, its series names in order (series i is `ecmeta_series_index="i"`), and the SVG. */
export interface Chart {
  id: string;
  title: string;
  series: string[];
  svg: string;
}

type Option = echarts.EChartsOption & { series: echarts.SeriesOption[] };
const palette = ['#5470c6', '#ee6666', '#91cc75', '#fac858', '#73c0de', '#3ba272', '#fc8452', '#9a60b4'];

function render(id: string, title: string, option: Option, height = 300): Chart {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 960, height });
  try {
    chart.setOption({ animation: false, color: palette, legend: { top: 4, type: 'plain' }, grid: { left: 64, right: 32, top: 44, bottom: 36 }, ...option });
    return { id, title, series: option.series.map((s) => String(s.name)), svg: chart.renderToSVGString() };
  } finally {
    chart.dispose();
  }
}

const time = (iso: string): number => Date.parse(iso);

/** Points plotted per series at most: a long history keeps every k-th analysis and the last (the CSV has them all). */
export const maxChartPoints = 150;

/** Every k-th item (k = ⌈n / max⌉) and the last: the chart's cost stops growing with the number of analyses. */
export function thin<T>(items: T[], max = maxChartPoints): T[] {
  if (items.length <= max) return items;
  const k = Math.ceil(items.length / max);
  return items.filter((_, i) => i % k === 0 || i === items.length - 1);
}

/** Said in the chart's title when `thin` dropped points, so a reader knows the chart is a sample. */
const thinNote = (n: number): string => (n > maxChartPoints ? ` (every ${Math.ceil(n / maxChartPoints)}th of ${n} analyses plotted; the CSV has them all)` : '');
const pointSeries = { showSymbol: true, showAllSymbol: true, symbolSize: 5 } as const;

/** One metric over time per variant, each with its interval as a band (lower edge + stacked width). */
export function metricChart(report: Report, metric: string): Chart {
  const series: echarts.SeriesOption[] = [];
  report.variants.forEach((v, i) => {
    const points = thin(v.metrics.find((m) => m.metric === metric)?.points ?? []);
    if (points.length === 0) return;
    const color = palette[i % palette.length]!;
    const bounded = points.filter((p) => p.ciLower !== null && p.ciUpper !== null);
    series.push({ name: v.variant, type: 'line', color, ...pointSeries, data: points.filter((p) => p.value !== null).map((p) => [time(p.at), p.value]) });
    if (bounded.length === 0) return;
    const stack = `interval:${v.variant}`;
    series.push({ name: `${v.variant} interval low`, type: 'line', stack, showSymbol: false, lineStyle: { opacity: 0 }, data: bounded.map((p) => [time(p.at), p.ciLower]) });
    series.push({
      name: `${v.variant} interval`,
      type: 'line',
      stack,
      showSymbol: false,
      lineStyle: { opacity: 0 },
      areaStyle: { color, opacity: 0.18 },
      data: bounded.map((p) => [time(p.at), p.ciUpper! - p.ciLower!]),
    });
  });
  const longest = Math.max(0, ...report.variants.map((v) => v.metrics.find((m) => m.metric === metric)?.points.length ?? 0));
  return render(`metric-${metric}`, `${metric} per variant, with its interval${thinNote(longest)}`, {
    legend: { top: 4, data: report.variants.map((v) => v.variant) },
    xAxis: { type: 'time' },
    yAxis: { type: 'value', scale: true, name: metric },
    series,
  });
}

/** Each variant's observed share of the analysed traffic against the intended split; SRM failures marked. */
export function trafficChart(report: Report): Chart {
  const analysed = report.analyses.filter((a) => a.srm !== null);
  const withSrm = thin(analysed);
  const variants = [...new Set(withSrm.flatMap((a) => Object.keys(a.srm!.expected)))];
  const share = (observed: Record<string, number>, v: string) => {
    const total = Object.values(observed).reduce((s, n) => s + n, 0);
    return total === 0 ? null : (100 * (observed[v] ?? 0)) / total;
  };
  const series: echarts.SeriesOption[] = variants.flatMap((v, i): echarts.SeriesOption[] => {
    const color = palette[i % palette.length]!;
    return [
      { name: `${v} observed`, type: 'line', color, ...pointSeries, data: withSrm.map((a) => [time(a.at), share(a.srm!.observed, v)]) },
      { name: `${v} intended`, type: 'line', color, step: 'end', showSymbol: false, lineStyle: { type: 'dashed' }, data: withSrm.map((a) => [time(a.at), 100 * (a.srm!.expected[v] ?? 0)]) },
    ];
  });
  const mismatches = analysed.filter((a) => a.srm!.verdict === 'fail');
  series.push({
    name: 'sample ratio mismatch',
    type: 'scatter',
    color: '#d00000',
    symbol: 'diamond',
    symbolSize: 14,
    data: mismatches.map((a) => [time(a.at), share(a.srm!.observed, variants.at(-1) ?? '')]),
  });
  return render('traffic', `Traffic split: observed against intended (SRM)${thinNote(analysed.length)}`, {
    xAxis: { type: 'time' },
    yAxis: { type: 'value', name: 'share %', min: 0, max: 100 },
    series,
  });
}

/** One version's drift score per feature (and its predictions), against each feature's threshold. */
export function driftChart(drift: DriftEvidence, index: number): Chart {
  const rows = [...drift.features, ...(drift.prediction ? [{ ...drift.prediction, feature: `prediction: ${drift.prediction.feature}` }] : [])];
  return render(`drift-${index}`, `Drift of ${drift.model} ${drift.version} per feature`, {
    xAxis: { type: 'category', data: rows.map((r) => r.feature) },
    yAxis: { type: 'value', name: 'score' },
    series: [
      {
        name: 'score',
        type: 'bar',
        barMaxWidth: 48,
        label: { show: true, position: 'top', formatter: (p) => `${rows[p.dataIndex]!.method}${rows[p.dataIndex]!.drifted ? ' · drift' : ''}` },
        data: rows.map((r) => ({ value: r.value ?? 0, itemStyle: { color: r.drifted ? '#ee6666' : '#91cc75' } })),
      },
      { name: 'threshold', type: 'scatter', symbol: 'rect', symbolSize: [40, 3], color: '#333', data: rows.map((r) => r.threshold) },
    ],
  }, 280);
}

/** The candidate's share over time, and every timeline entry as a numbered point (reasons listed beside). */
export function decisionsChart(report: Report): Chart {
  let share = report.deployment.steps[0] ?? 0;
  const points = report.timeline.map((entry, i) => {
    if (entry.share !== null) share = entry.share;
    return { value: [time(entry.at), share], name: `#${i + 1} ${entry.action}`, entry };
  });
  const decisions = points.filter((p) => p.entry.kind === 'decision');
  const controls = points.filter((p) => p.entry.kind === 'control');
  const label = { show: true, position: 'top' as const, formatter: (p: { name: string }) => p.name };
  return render('decisions', 'Decisions and control actions on the timeline', {
    xAxis: { type: 'time' },
    yAxis: { type: 'value', name: 'candidate share %', min: 0, max: 100 },
    series: [
      { name: 'share', type: 'line', step: 'end', showSymbol: false, color: '#999', data: [...decisions.map((p) => p.value)] },
      { name: 'decisions', type: 'scatter', symbolSize: 12, color: '#5470c6', label, data: decisions.map((p) => ({ name: p.name, value: p.value })) },
      { name: 'control actions', type: 'scatter', symbol: 'triangle', symbolSize: 12, color: '#fc8452', label, data: controls.map((p) => ({ name: p.name, value: p.value })) },
    ],
  });
}
