import type { Assignment, Decision, Deployment } from '@modelgate/contracts';

/** The api as an operator (the demo's admin key) calls it; a non-2xx answer throws with its body. */
export class DemoApi {
  constructor(
    readonly url: string,
    private readonly key: string,
  ) {}

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-api-key': this.key },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
    return (response.status === 204 ? undefined : await response.json()) as T;
  }

  deployment(id: string): Promise<Deployment> {
    return this.call<Deployment>('GET', `/v1/deployments/${id}`);
  }

  decisions(id: string): Promise<Decision[]> {
    return this.call<Decision[]>('GET', `/v1/deployments/${id}/decisions`);
  }

  /** `/v1/assign/batch` in batches of 1 000, as a model gateway routes its requests. */
  async assign(units: ReadonlyArray<{ deploymentId: string; unitId: string; requestId: string; attributes?: Record<string, string> }>): Promise<Assignment[]> {
    const answers: Assignment[] = [];
    for (let i = 0; i < units.length; i += 1_000) {
      answers.push(...(await this.call<{ assignments: Assignment[] }>('POST', '/v1/assign/batch', { units: units.slice(i, i + 1_000) })).assignments);
    }
    return answers;
  }
}
