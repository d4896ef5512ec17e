import type { ReportLink } from '@modelgate/contracts';
import Table from 'cli-table3';
import type { DemoApi } from './api';
import type { WebhookReceiver } from './receiver';
import type { ScenarioResult } from './scenario';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Per scenario, how many of its decisions the receiver verified, once all arrived or `timeoutMs` passed. */
export async function deliveries(receiver: WebhookReceiver, results: readonly ScenarioResult[], timeoutMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  const count = () => results.map((r) => r.decisionIds.filter((id) => receiver.has(id)).length);
  while (Date.now() < deadline && count().some((n, i) => n < results[i]!.decisionIds.length)) await sleep(250);
  return count();
}

/** Why the demo fails, one line per broken expectation; empty when the story went as told. */
export function failures(results: readonly ScenarioResult[], delivered: readonly number[]): string[] {
  return results.flatMap((r, i) => [
    ...(r.decision === r.expected ? [] : [`${r.name}: expected ${r.expected}, the decision was ${r.decision}`]),
    ...(delivered[i]! < r.decisionIds.length ? [`${r.name}: ${r.decisionIds.length - delivered[i]!} of ${r.decisionIds.length} decisions never reached the webhook receiver`] : []),
    ...r.problems.map((p) => `${r.name}: ${p}`),
  ]);
}

/** The summary table: scenario, expected decision, decision, delivered (verified at the receiver / made). */
export function summaryTable(results: readonly ScenarioResult[], delivered: readonly number[]): string {
  const table = new Table({ head: ['scenario', 'expected', 'decision', 'delivered', ''], style: { head: [], border: [] } });
  results.forEach((r, i) => {
    const ok = r.decision === r.expected && delivered[i]! >= r.decisionIds.length && r.problems.length === 0;
    table.push([r.name, r.expected, r.decision, r.decisionIds.length === 0 ? '-' : `${delivered[i]}/${r.decisionIds.length}`, ok ? 'ok' : 'FAIL']);
  });
  return table.toString();
}

/** Report URLs per deployment: the HTML report (needs a key) and a signed link that opens without one. */
export async function reportLines(api: DemoApi, results: readonly ScenarioResult[], model: string): Promise<string[]> {
  const lines: string[] = [];
  for (const r of results) {
    if (!r.deploymentId) continue;
    let signed: string;
    try {
      signed = (await api.call<ReportLink>('POST', `/v1/deployments/${r.deploymentId}/report-links`, { ttlSeconds: 86_400 })).url;
    } catch (error) {
      signed = `(no signed link: ${error instanceof Error ? error.message.slice(0, 120) : String(error)})`;
    }
    lines.push(`  ${r.name}`, `    ${api.url}/v1/deployments/${r.deploymentId}/report.html  (with x-api-key; .csv and JSON beside it)`, `    ${signed}`);
  }
  lines.push(`  drift of v2: ${api.url}/v1/models/${encodeURIComponent(model)}/versions/v2/drift`);
  return lines;
}
