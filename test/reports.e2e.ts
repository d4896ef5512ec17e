import { DECISION_SCHEMA, type Decision, type Report, type ReportLink, decisionIdOf, reportSchema } from '@modelgate/contracts';
import { writeDecision } from '@modelgate/persistence';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signReportLink } from '../apps/api/src/reports/report-link.signer';
import { brightnessDrift, canaryDecisions } from '../libs/reports/src/testing/canary-story';
import { call, createDeployment, createKey, startApi } from './assignment-api.helpers';
import { type RunningApp, repoRoot } from './support/apps';
import { TEST_DATABASE_URL } from './support/test-env';

const secret = 'e2e-report-link-secret-0123456789abcdef';
const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Writes the decisions as the engine would: each through writeDecision, all in one transaction. */
async function seed(deploymentId: string, decisions: Decision[]): Promise<void> {
  const client = new Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
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
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
}

/** A drift monitor's retrain of v2: not in the deployment's decisions, but its drift is in the report. */
function monitorRetrain(model: string, template: Decision): Decision {
  const monitorId = '7d0a4c1e-5b2f-4e8a-9c3d-1f2e3d4c5b6a';
  return {
    ...template,
    schema: DECISION_SCHEMA,
    id: decisionIdOf(`monitor:${monitorId}:${model}:episode:1`),
    deploymentId: null,
    monitorId,
    strategy: null,
    canaryForm: null,
    action: 'retrain',
    phaseBefore: null,
    phaseAfter: null,
    step: null,
    share: null,
    reason: 'brightness drifted (wasserstein 0.31 ≥ 0.1) and DDM flagged the error rate 8 % → 17 %: retrain',
    evidence: { ...template.evidence, variants: [], tests: [], srm: null, sampleGuard: null, drift: brightnessDrift(model) },
    madeAt: '2025-11-24T09:30:00.000Z',
  };
}

describe('reports', () => {
  let api: RunningApp;
  let analystKey: string;
  let serviceKey: string;
  let deploymentId: string;
  let decisions: Decision[];
  let browser: BrowserContext | undefined;
  const profile = mkdtempSync(join(tmpdir(), 'modelgate-chromium-'));

  beforeAll(async () => {
    api = await startApi({ REPORT_LINK_SECRET: secret });
    analystKey = await createKey(api, 'analyst');
    serviceKey = await createKey(api, 'service');
    const deployment = await createDeployment(api, { name: 'animal classifier <v2> "koalas" & co' });
    deploymentId = deployment.id;
    decisions = canaryDecisions({ deploymentId, model: deployment.model, start: '2025-11-24T08:00:00.000Z' });
    await seed(deploymentId, [...decisions, monitorRetrain(deployment.model, decisions[0]!)]);
  });
  afterAll(async () => {
    await browser?.close();
    await api?.stop('SIGKILL');
    rmSync(profile, { recursive: true, force: true });
  });

  it('serves the report model as JSON to an analyst, from decisions, rollups and drift', async () => {
    const response = await call<Report>(api, 'GET', `/v1/deployments/${deploymentId}/report`, { key: analystKey });
    expect(response.status).toBe(200);
    const report = reportSchema.parse(response.body);
    expect(report.decisions.map((d) => d.id)).toEqual(decisions.map((d) => d.id));
    expect(report.analyses).toHaveLength(12);
    expect(report.steps.map((s) => s.outcome)).toEqual(['advance', 'advance', 'advance', 'promote']);
    expect(report.variants.map((v) => [v.variant, v.totals.predictions])).toEqual([
      ['baseline', 60 * 700],
      ['candidate', 60 * 100],
    ]);
    expect(report.drift.map((d) => [d.version, d.features.find((f) => f.drifted)?.feature])).toEqual([['v2', 'brightness']]);
  });

  it('answers 400 for a bad id, 404 for an unknown one, 401 without a key and 403 for a service key', async () => {
    expect((await call(api, 'GET', '/v1/deployments/not-a-uuid/report', { key: analystKey })).status).toBe(400);
    const unknown = await call<{ message: string }>(api, 'GET', '/v1/deployments/00000000-0000-4000-8000-000000000000/report.html', { key: analystKey });
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toContain('GET /v1/deployments');
    expect((await call(api, 'GET', `/v1/deployments/${deploymentId}/report.csv`)).status).toBe(401);
    expect((await call(api, 'GET', `/v1/deployments/${deploymentId}/report`, { key: serviceKey })).status).toBe(403);
    expect((await call(api, 'POST', `/v1/deployments/${deploymentId}/report-links`, { key: serviceKey, body: {} })).status).toBe(403);
  });

  it('serves the CSV as an attachment: a header, then one row per analysis × variant × metric', async () => {
    const response = await fetch(`${api.url}/v1/deployments/${deploymentId}/report.csv`, { headers: { 'x-api-key': analystKey } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="report-${deploymentId}.csv"`);
    const lines = (await response.text()).split('\r\n');
    expect(lines[0]!.startsWith('deployment_id,analysis_id,decision_id,analysed_at')).toBe(true);
    expect(lines.filter((l) => l.length > 0)).toHaveLength(1 + 12 * 2 * 2);
  });

  it('opens the HTML report through a signed link without a key; an altered or expired link gets 403 with the reason', async () => {
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
    const report = reportSchema.parse((await call<Report>(api, 'GET', `/v1/deployments/${deploymentId}/report`, { key: analystKey })).body);
    // A fresh profile (user-data-dir) per run: nothing cached or remembered from an earlier one.
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      args: chromiumArgs,
      viewport: { width: 1040, height: 900 },
      extraHTTPHeaders: { 'x-api-key': analystKey },
    });
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (m) => (m.type() === 'error' ? errors.push(m.text()) : undefined));
    page.on('pageerror', (e) => errors.push(e.message));
    const response = await page.goto(`${api.url}/v1/deployments/${deploymentId}/report.html`, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);

    // Per chart, the points each series drew: ECharts marks each data element with its series and data index (legend items too, as ssr_type legend).
    const drawn = await page.$$eval('figure[data-chart]', (figures) =>
      Object.fromEntries(
        figures.map((f) => {
          const names = JSON.parse(f.getAttribute('data-series') ?? '[]') as string[];
          const count = (i: number) => f.querySelectorAll(`svg path[ecmeta_ssr_type="chart"][ecmeta_series_index="${i}"][ecmeta_data_index]`).length;
          return [f.getAttribute('data-chart'), Object.fromEntries(names.map((n, i) => [n, count(i)]))];
        }),
      ),
    );
    const expected: Record<string, Record<string, number>> = {};
    for (const v of report.variants) {
      for (const m of v.metrics) (expected[`metric-${m.metric}`] ??= {})[v.variant] = m.points.filter((p) => p.value !== null).length;
    }
    expected.traffic = { 'baseline observed': 12, 'candidate observed': 12, 'sample ratio mismatch': 0 };
    expected['drift-0'] = { score: 4 };
    expected.decisions = { decisions: report.timeline.filter((t) => t.kind === 'decision').length };
    for (const [chart, series] of Object.entries(expected)) {
      for (const [name, points] of Object.entries(series)) expect(drawn[chart]?.[name], `${chart} / ${name}`).toBe(points);
    }
    expect(expected['metric-accuracy']).toEqual({ baseline: 12, candidate: 12 });
    expect(expected.decisions).toEqual({ decisions: 4 });

    const listed = await page.$$eval('#decisions tbody tr', (rows) =>
      rows.map((r) => ({ id: r.getAttribute('data-decision-id'), action: r.querySelector('.action')?.textContent, reason: r.querySelector('.reason')?.textContent })),
    );
    expect(listed).toEqual(report.decisions.map((d) => ({ id: d.id, action: d.action, reason: d.reason })));

    mkdirSync(join(repoRoot, '.stack'), { recursive: true });
    await page.screenshot({ path: join(repoRoot, '.stack/report.png'), fullPage: true });
    expect(errors).toEqual([]);
  });
});
