import type { Decision, Deployment, DriftAnalysis, FlaggerLink, Monitor, PredictionEventInput, Report, ReportLink } from '@modelgate/contracts';
import { reportSchema } from '@modelgate/contracts';
import { writeDecision } from '@modelgate/persistence';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signReportLink } from '../apps/api/src/reports/report-link.signer';
import { brightnessDrift, canaryDecisions } from '../libs/reports/src/testing/canary-story';
import { createDeployment, createKey } from './assignment-api.helpers';
import { type EngineStack, adminKey, call, control, decisionsOf, deploy, deploymentOf, drive, engineStack, timelineOf } from './engine.helpers';
import { repoRoot } from './support/apps';

const secret = 'e2e-report-link-secret-0123456789abcdef';
const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

let stack: EngineStack;
let analystKey: string;
let serviceKey: string;
let browser: BrowserContext | undefined;
const profile = mkdtempSync(join(tmpdir(), 'modelgate-chromium-'));

beforeAll(async () => {
  stack = await engineStack({ REPORT_LINK_SECRET: secret });
  analystKey = await createKey(stack.api, 'analyst');
  serviceKey = await createKey(stack.api, 'service');
  // A fresh profile (user-data-dir) per run: nothing cached or remembered from an earlier one.
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    args: chromiumArgs,
    viewport: { width: 1040, height: 900 },
    extraHTTPHeaders: { 'x-api-key': analystKey },
  });
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
  rmSync(profile, { recursive: true, force: true });
});

const getReport = async (id: string): Promise<Report> => {
  const response = await call<Report>(stack.api, 'GET', `/v1/deployments/${id}/report`, { key: analystKey });
  expect(response.status).toBe(200);
  return reportSchema.parse(response.body);
};

/**
 * Opens the HTML report in headless Chromium: the points each chart's series drew (ECharts marks each
 * data element with its series and data index), the decision rows, and every console error.
 */
async function openInChromium(id: string, screenshot: string) {
  const page = await browser!.newPage();
  const errors: string[] = [];
  page.on('console', (m) => (m.type() === 'error' ? errors.push(m.text()) : undefined));
  page.on('pageerror', (e) => errors.push(e.message));
  const response = await page.goto(`${stack.api.url}/v1/deployments/${id}/report.html`, { waitUntil: 'load' });
  expect(response?.status()).toBe(200);
  const drawn = await page.$$eval('figure[data-chart]', (figures) =>
    Object.fromEntries(
      figures.map((f) => {
        const names = JSON.parse(f.getAttribute('data-series') ?? '[]') as string[];
        const count = (i: number) => f.querySelectorAll(`svg path[ecmeta_ssr_type="chart"][ecmeta_series_index="${i}"][ecmeta_data_index]`).length;
        return [f.getAttribute('data-chart'), Object.fromEntries(names.map((n, i) => [n, count(i)]))];
      }),
    ),
  );
  const listed = await page.$$eval('#decisions tbody tr', (rows) =>
    rows.map((r) => ({ id: r.getAttribute('data-decision-id'), action: r.querySelector('.action')?.textContent, reason: r.querySelector('.reason')?.textContent })),
  );
  const timeline = await page.$$eval('#timeline li', (items) => items.length);
  mkdirSync(join(repoRoot, '.stack'), { recursive: true });
  await page.screenshot({ path: join(repoRoot, `.stack/${screenshot}`), fullPage: true });
  await page.close();
  return { drawn, listed, timeline, errors };
}

/** What every chart of the report must have drawn: each metric's points with a value per variant, plus `extra`. */
function expectDrawn(report: Report, drawn: Record<string, Record<string, number>>, extra: Record<string, Record<string, number>>): void {
  const expected: Record<string, Record<string, number>> = { ...extra };
  for (const v of report.variants) {
    for (const m of v.metrics) (expected[`metric-${m.metric}`] ??= {})[v.variant] = m.points.filter((p) => p.value !== null).length;
  }
  for (const [chart, series] of Object.entries(expected)) {
    for (const [name, points] of Object.entries(series)) expect(drawn[chart]?.[name], `${chart} / ${name}`).toBe(points);
  }
}

describe('the report of a recorded canary (decisions as the engine writes them, a monitor’s drift analysis)', () => {
  let deploymentId: string;
  let decisions: Decision[];

  beforeAll(async () => {
    // Not started: its only decisions are the story's.
    const deployment = await createDeployment(stack.api, { name: 'animal classifier <v2> "koalas" & co', start: false });
    deploymentId = deployment.id;
    decisions = canaryDecisions({ deploymentId, model: deployment.model, start: '2025-11-24T08:00:00.000Z' });
    const client = await stack.db.connect();
    try {
      await client.query('BEGIN');
      const db = { query: async (sql: string, params?: unknown[]) => (await client.query(sql, params)).rows };
      for (const d of decisions) expect(await writeDecision(db, d)).toBe(true);
      // Rollups: 60 one-minute buckets per variant behind the analyses (the report sums them).
      await client.query(
        `INSERT INTO rollups (deployment_id, variant, bucket_start, predictions, errors, outcomes)
         SELECT $1, v.variant, timestamptz '2025-11-24T08:00:00Z' + make_interval(mins => g), v.n, v.n / 100, v.n / 2
         FROM generate_series(0, 59) g, (VALUES ('baseline', 700), ('candidate', 100)) AS v(variant, n)`,
        [deploymentId],
      );
      // v2's monitor and its latest drift analysis, as a drift tick writes them (an older one first).
      const [monitor] = (await client.query(`INSERT INTO monitors (model, version) VALUES ($1, 'v2') RETURNING id`, [deployment.model])).rows as { id: string }[];
      for (const [at, drift] of [['2025-11-24T09:00:00Z', { ...brightnessDrift(deployment.model), features: [] }], ['2025-11-24T09:30:00Z', brightnessDrift(deployment.model)]] as const) {
        await client.query(
          `INSERT INTO drift_analyses (monitor_id, window_start, window_end, state, evidence, created_at) VALUES ($1, $2::timestamptz - interval '1 hour', $2, 'drift', $3, $2)`,
          [monitor!.id, at, JSON.stringify({ drift })],
        );
      }
      await client.query('COMMIT');
    } finally {
      client.release();
    }
  });

  it('serves the report model as JSON to an analyst, from decisions, the timeline, rollups and drift', async () => {
    const report = await getReport(deploymentId);
    expect(report.decisions.map((d) => d.id)).toEqual(decisions.map((d) => d.id));
    expect(report.analyses).toHaveLength(12);
    expect(report.steps.map((s) => s.outcome)).toEqual(['advance', 'advance', 'advance', 'promote']);
    expect(report.variants.map((v) => [v.variant, v.totals.predictions])).toEqual([
      ['baseline', 60 * 700],
      ['candidate', 60 * 100],
    ]);
    // The latest analysis of v2's monitor (the older one drifted on no feature).
    expect(report.drift.map((d) => [d.version, d.window.end, d.drift?.features.find((f) => f.drifted)?.feature])).toEqual([['v2', '2025-11-24T09:30:00.000Z', 'brightness']]);
    // The four decisions that moved it (recorded at the story's times, before today; no hold), then its creation, audited with the key.
    expect(report.timeline.map((e) => [e.kind, e.action, e.keyName])).toEqual([
      ...['advance', 'advance', 'advance', 'promote'].map((a) => ['decision', a, null]),
      ['control', 'create', 'bootstrap-admin'],
    ]);
  });

  it('answers 400 for a bad id, 404 for an unknown one, 401 without a key and 403 for a service key', async () => {
    const { api } = stack;
    expect((await call(api, 'GET', '/v1/deployments/not-a-uuid/report', { key: analystKey })).status).toBe(400);
    const unknown = await call<{ message: string }>(api, 'GET', '/v1/deployments/00000000-0000-4000-8000-000000000000/report.html', { key: analystKey });
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toContain('GET /v1/deployments');
    expect((await call(api, 'GET', `/v1/deployments/${deploymentId}/report.csv`)).status).toBe(401);
    expect((await call(api, 'GET', `/v1/deployments/${deploymentId}/report`, { key: serviceKey })).status).toBe(403);
    expect((await call(api, 'POST', `/v1/deployments/${deploymentId}/report-links`, { key: serviceKey, body: {} })).status).toBe(403);
  });

  it('serves the CSV as an attachment: a header, then one row per analysis × variant × metric', async () => {
    const response = await fetch(`${stack.api.url}/v1/deployments/${deploymentId}/report.csv`, { headers: { 'x-api-key': analystKey } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="report-${deploymentId}.csv"`);
    const lines = (await response.text()).split('\r\n');
    expect(lines[0]!.startsWith('deployment_id,analysis_id,decision_id,analysed_at')).toBe(true);
    expect(lines.filter((l) => l.length > 0)).toHaveLength(1 + 12 * 2 * 2);
  });

  it('opens the HTML report through a signed link without a key; an altered or expired link gets 403 with the reason', async () => {
    const { api } = stack;
    const created = await call<ReportLink>(api, 'POST', `/v1/deployments/${deploymentId}/report-links`, { key: analystKey, body: { ttlSeconds: 600 } });
    expect(created.status).toBe(201);
    expect(Date.parse(created.body.expiresAt) - Date.now()).toBeGreaterThan(500_000);
    const page = await fetch(`${api.url}${created.body.path}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await page.text()).toContain('animal classifier &lt;v2&gt; &quot;koalas&quot; &amp; co');

    const altered = await call<{ message: string }>(api, 'GET', created.body.path.replace(/\.(\d+)\./, (_m, s: string) => `.${Number(s) + 3600}.`));
    expect(altered.status).toBe(403);
    expect(altered.body.message).toContain('altered');
    const expired = await call<{ message: string }>(api, 'GET', `/v1/report-links/${signReportLink(secret, deploymentId, Math.floor(Date.now() / 1000) - 1)}`);
    expect(expired.status).toBe(403);
    expect(expired.body.message).toContain('expired');
    expect((await call(api, 'POST', `/v1/deployments/${deploymentId}/report-links`, { key: analystKey, body: { ttlSeconds: 1 } })).status).toBe(400);
  });

  it('renders in headless Chromium with no console error, every chart point, and the decision list of the JSON', async () => {
    const report = await getReport(deploymentId);
    const { drawn, listed, timeline, errors } = await openInChromium(deploymentId, 'report.png');
    expectDrawn(report, drawn, {
      traffic: { 'baseline observed': 12, 'candidate observed': 12, 'sample ratio mismatch': 0 },
      'drift-0': { score: 4 },
      decisions: { decisions: 4 },
    });
    expect(drawn['metric-accuracy']).toMatchObject({ baseline: 12, candidate: 12 });
    expect(timeline).toBe(5);
    expect(listed).toEqual(report.decisions.map((d) => ({ id: d.id, action: d.action, reason: d.reason })));
    expect(errors).toEqual([]);
  });
});

/** v2's reference: ear lengths of 9–11 cm (the traffic's are 3–8 cm), every prediction a cat. */
const reference = (model: string): PredictionEventInput[] =>
  Array.from({ length: 400 }, (_, i) => ({
    schema: 'modelgate.prediction/v1', eventId: randomUUID(), model, version: 'v2', unitId: `user-${i}`, requestId: `reference-${i}`,
    timestamp: new Date(Date.now() - 86_400_000).toISOString(), features: { ear_length_cm: 9 + (i % 20) / 10 }, prediction: { label: 'cat' }, latencyMs: 40,
  }));

describe('the report of a canary the engine ran on events from Kafka', () => {
  let d: Deployment;
  let drift: DriftAnalysis;
  const sent = { v1: 0, v2: 0 };

  beforeAll(async () => {
    d = await deploy(stack, { strategy: 'canary', steps: [25, 50], primaryMetric: { name: 'accuracy', direction: 'higher' }, margin: 0.02, start: false });
    expect((await control(stack, d.id, 'start')).status).toBe(200);
    const paused = await call(stack.api, 'POST', `/v1/deployments/${d.id}/pause`, { key: stack.operatorKey, body: { comment: 'checking the dashboards' } });
    expect(paused.status).toBe(200);
    expect((await control(stack, d.id, 'resume')).status).toBe(200);
    // Flagger's event hook, recorded by the gate on the timeline.
    const link = await call<FlaggerLink>(stack.api, 'PUT', `/v1/deployments/${d.id}/gates/flagger`, { key: adminKey, body: { name: `report-${d.id.slice(0, 8)}`, namespace: 'ml' } });
    const flagger = { name: link.body.name, namespace: 'ml', phase: 'Progressing', checksum: 'release-1', metadata: { token: link.body.token, eventMessage: 'New revision detected' } };
    expect((await call(stack.api, 'POST', '/v1/gates/flagger/event', { body: flagger })).status).toBe(200);

    const analyses = await drive(stack, await deploymentOf(stack, d.id), (current) => {
      const candidate = Math.round((4000 * current.candidateShare) / 100 / 40) * 40;
      const baseline = Math.round((candidate * (100 - current.candidateShare)) / current.candidateShare / 40) * 40;
      sent.v1 += baseline;
      sent.v2 += candidate;
      return { traffic: [{ version: 'v1', count: baseline, accuracy: 0.85 }, { version: 'v2', count: candidate, accuracy: 0.95 }] };
    });
    expect(analyses.at(-1)!.action, JSON.stringify(analyses.map((a) => a.action))).toBe('promote');

    const path = `/v1/models/${d.model}/versions/v2`;
    expect((await call<Monitor>(stack.api, 'PUT', `${path}/monitor`, { key: stack.operatorKey, body: { reference: { kind: 'uploaded' } } })).status).toBe(200);
    expect((await call(stack.api, 'POST', `${path}/reference`, { key: stack.operatorKey, body: { events: reference(d.model) } })).status).toBe(200);
    const ticked = await call<DriftAnalysis>(stack.api, 'POST', `${path}/drift/analyses`, { key: stack.operatorKey });
    expect(ticked.status).toBe(201);
    drift = ticked.body;
  });

  it('has the engine’s decisions, its timeline (with the keys and the gate’s event), the rollups’ totals and the monitor’s drift', async () => {
    const report = await getReport(d.id);
    const decisions = await decisionsOf(stack, d.id);
    expect(report.decisions.map((x) => x.id)).toEqual(decisions.map((x) => x.id));
    expect(report.analyses.map((a) => a.decisionId)).toEqual(decisions.filter((x) => x.analysisId !== null).map((x) => x.id));
    expect(report.deployment).toMatchObject({ phase: 'promoted', candidateShare: 100, steps: [25, 50] });
    expect(report.steps.map((s) => s.outcome)).toEqual(['advance', 'promote']);
    // The timeline of GET …/timeline, without the holds that changed nothing and the analyse calls.
    const full = await timelineOf(stack, d.id);
    const changes = full.filter((e) => !(e.kind === 'decision' && e.action === 'hold' && e.phaseBefore === e.phaseAfter) && !(e.kind === 'control' && e.action === 'analyse'));
    expect(report.timeline).toEqual(changes);
    expect(report.timeline.filter((e) => e.kind === 'control').map((e) => [e.action, e.keyName, e.reason])).toEqual([
      ['create', 'e2e-operator', null],
      ['start', 'e2e-operator', null],
      ['pause', 'e2e-operator', 'checking the dashboards'],
      ['resume', 'e2e-operator', null],
    ]);
    expect(report.timeline.filter((e) => e.kind === 'gate').map((e) => [e.action, e.reason])).toEqual([['event', 'New revision detected']]);
    expect(report.timeline.filter((e) => e.kind === 'decision').map((e) => [e.action, e.share])).toEqual([['advance', 25], ['advance', 50], ['promote', 100]]);
    expect(report.variants.map((v) => [v.variant, v.totals.predictions])).toEqual([['baseline', sent.v1], ['candidate', sent.v2]]);
    expect(report.drift).toEqual([drift]);
    expect(drift.drift!.features.find((f) => f.feature === 'ear_length_cm')).toMatchObject({ drifted: true });
  });

  it('renders in headless Chromium with no console error, every chart point, and the decision list of the JSON', async () => {
    const report = await getReport(d.id);
    const { drawn, listed, timeline, errors } = await openInChromium(d.id, 'report-engine.png');
    const analysed = report.analyses.length;
    expectDrawn(report, drawn, {
      traffic: { 'baseline observed': analysed, 'candidate observed': analysed, 'sample ratio mismatch': 0 },
      'drift-0': { score: drift.drift!.features.length + (drift.drift!.prediction ? 1 : 0) },
      decisions: { decisions: 3, 'control actions and gate calls': 5 },
    });
    expect(drawn['metric-accuracy']).toMatchObject({ baseline: analysed, candidate: analysed });
    expect(analysed).toBe(2);
    expect(timeline).toBe(report.timeline.length);
    expect(listed).toEqual(report.decisions.map((x) => ({ id: x.id, action: x.action, reason: x.reason })));
    expect(errors).toEqual([]);
  });
});
