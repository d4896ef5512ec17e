import type { Decision, DriftEvidence, Report, TestEvidence } from '@modelgate/contracts';
import { type Chart, decisionsChart, driftChart, metricChart, trafficChart } from './charts';
import { escapeHtml as h } from './escape';

// Inline, so the page works offline and under a CSP that allows no external resource.
const style = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1000px;color:#222;padding:0 12px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
.facts{color:#555}.facts b{color:#222}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{border-bottom:1px solid #eee;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f6f6f6}td.num{text-align:right;font-variant-numeric:tabular-nums}
.action{font-weight:600}.promote,.pass{color:#18794e}.rollback,.fail{color:#c62828}.hold,.inconclusive{color:#8a6d00}.advance{color:#1f5fbf}.retrain,.warn{color:#9a4dc4}
figure{margin:12px 0}figcaption{font-weight:600;margin-bottom:4px}svg{max-width:100%;height:auto}
.beside{display:grid;grid-template-columns:1fr;gap:8px}ol.reasons{margin:0;padding-left:28px;font-size:13px}
`;

const fmt = (x: number | null, digits = 4): string => (x === null ? '—' : Number.isInteger(x) ? String(x) : x.toFixed(digits));
const time = (iso: string): string => iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC');

function figure(chart: Chart, extra = ''): string {
  // data-series maps ecmeta_series_index to a series name, for the browser test and for readers of the source.
  return `<figure data-chart="${h(chart.id)}" data-series="${h(JSON.stringify(chart.series))}"><figcaption>${h(chart.title)}</figcaption>${chart.svg}${extra}</figure>`;
}

function testsTable(tests: TestEvidence[]): string {
  const rows = tests.map(
    (t) => `<tr><td>${h(t.name)}</td><td>${h(t.metric)}</td><td>${h(t.role)}</td><td>${h(t.variant ?? '—')}</td>
<td class="num">${fmt(t.statistic)}</td><td class="num">${fmt(t.pValue)}</td><td class="num">${fmt(t.probability)}</td>
<td class="num">${t.ciLower === null ? '—' : `[${fmt(t.ciLower)}, ${fmt(t.ciUpper)}]`}</td><td class="num">${fmt(t.threshold)}</td>
<td class="${h(t.verdict)}">${h(t.verdict)}</td><td>${h(t.detail)}</td></tr>`,
  );
  return `<table><thead><tr><th>test</th><th>metric</th><th>role</th><th>variant</th><th>statistic</th><th>p-value</th><th>probability</th><th>interval</th><th>threshold</th><th>verdict</th><th>detail</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function driftSection(drift: DriftEvidence, index: number): string {
  const detectors = drift.detectors
    .map((d) => `<li>${h(d.detector)}: <b>${h(d.state)}</b>${d.index === null ? '' : ` at pair ${d.index}`}, error rate ${fmt(d.errorRateBefore)} → ${fmt(d.errorRateAfter)} over ${d.pairsSeen} pairs</li>`)
    .join('');
  const summary = `<p>${Math.round(drift.driftShare * 100)} % of features drifted (dataset drift at ${Math.round(drift.driftShareThreshold * 100)} %): <b>${drift.datasetDrifted ? 'dataset drifted' : 'no dataset drift'}</b>. Reference: ${h(drift.reference.kind)}.</p>`;
  return figure(driftChart(drift, index), `${summary}${detectors ? `<ul>${detectors}</ul>` : ''}`);
}

function decisionRows(decisions: Decision[]): string {
  return decisions
    .map(
      (d, i) => `<tr data-decision-id="${h(d.id)}" title="${h(d.reason)}"><td class="num">${i + 1}</td><td>${h(time(d.madeAt))}</td>
<td class="action ${h(d.action)}">${h(d.action)}</td><td>${h(d.phaseBefore ?? '—')} → ${h(d.phaseAfter ?? '—')}</td>
<td class="num">${d.share === null ? '—' : `${fmt(d.share, 2)} %`}</td><td class="reason">${h(d.reason)}</td></tr>`,
    )
    .join('');
}

/**
 * The report as one self-contained HTML page: styles inline, charts as inline SVG (no script, no
 * external resource), every string escaped.
 */
export function renderHtml(report: Report): string {
  const d = report.deployment;
  const metrics = [...new Set(report.variants.flatMap((v) => v.metrics.map((m) => m.metric)))];
  const versions = d.arms.length > 0 ? d.arms.map((a) => `${a.name} ${a.version} (weight ${a.weight})`).join(', ') : `${d.baselineVersion} → ${d.candidateVersion}`;
  const reasons = report.timeline
    .map((e, i) => `<li value="${i + 1}"><span class="action ${h(e.action)}">${h(e.action)}</span> ${h(time(e.at))}${e.actor ? ` by ${h(e.actor)}` : ''}: ${h(e.reason)}</li>`)
    .join('');
  const steps = report.steps
    .map((s) => `<tr><td class="num">${s.index + 1}</td><td class="num">${fmt(s.share, 2)} %</td><td class="num">${s.analyses}</td><td>${s.firstAt ? h(time(s.firstAt)) : '—'}</td><td>${s.lastAt ? h(time(s.lastAt)) : '—'}</td><td class="action ${h(s.outcome ?? '')}">${h(s.outcome ?? '—')}</td></tr>`)
    .join('');
  const totals = report.variants
    .map((v) => `<tr><td>${h(v.variant)}</td><td>${h(v.version)}</td><td class="num">${v.totals.predictions}</td><td class="num">${v.totals.errors}</td><td class="num">${v.totals.outcomes}</td></tr>`)
    .join('');
  const latest = report.analyses.at(-1);
  const latestTests = report.decisions.find((x) => x.id === latest?.decisionId)?.evidence.tests ?? [];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${h(d.name)} · ModelGate report</title><style>${style}</style></head>
<body>
<header><h1>${h(d.name)}</h1>
<p class="facts">model <b>${h(d.model)}</b> · strategy <b>${h(d.strategy)}</b> · phase <b>${h(d.phase)}</b> · ${h(versions)} · candidate share <b>${fmt(d.share, 2)} %</b>
· ${report.analyses.length} analyses, ${report.decisions.length} decisions · generated ${h(time(report.generatedAt))}</p></header>
<h2>Timeline</h2>
<div class="beside">${figure(decisionsChart(report))}<ol class="reasons" id="timeline">${reasons}</ol></div>
<h2>Steps</h2>
<table><thead><tr><th>step</th><th>share</th><th>analyses</th><th>first</th><th>last</th><th>outcome</th></tr></thead><tbody>${steps}</tbody></table>
<h2>Variants</h2>
<table><thead><tr><th>variant</th><th>version</th><th>predictions</th><th>errors</th><th>outcomes</th></tr></thead><tbody>${totals}</tbody></table>
<h2>Metrics over time</h2>
${metrics.map((m) => figure(metricChart(report, m))).join('\n')}
<h2>Traffic split</h2>
${figure(trafficChart(report))}
<h2>Drift of the live versions</h2>
${report.drift.length === 0 ? '<p>No drift evidence yet.</p>' : report.drift.map(driftSection).join('\n')}
<h2>Tests of the latest analysis</h2>
${latest ? `<p>${h(time(latest.window.start))} – ${h(time(latest.window.end))}, comparison: ${h(latest.comparison)}</p>${testsTable(latestTests)}` : '<p>No analysis yet.</p>'}
<h2>Decisions</h2>
<table id="decisions"><thead><tr><th>#</th><th>made at</th><th>action</th><th>phase</th><th>share</th><th>reason</th></tr></thead><tbody>${decisionRows(report.decisions)}</tbody></table>
</body></html>
`;
}
