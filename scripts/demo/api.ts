import type { Assignment, Decision, Deployment } from '@modelgate/contracts';

/**
 * The api as the demo calls it: as an operator (deployments, monitors, webhooks, reports) and, for
 * `/v1/assign`, as the model gateway's `service` key. A non-2xx answer throws with its body.
 */
export class DemoApi {
  constructor(
    readonly url: string,
    private readonly key: string,
    private readonly gatewayKey = key,
  ) {}

  /** Keys of their own for the operator and the gateway, made with the admin key. */
  static async withKeys(url: string, adminKey: string): Promise<DemoApi> {
    const admin = new DemoApi(url, adminKey);
    const key = async (role: string) => (await admin.call<{ key: string }>('POST', '/v1/api-keys', { name: `demo-${role}`, role })).key;
    return new DemoApi(url, await key('operator'), await key('service'));
  }

  async call<T>(method: string, path: string, body?: unknown, key = this.key): Promise<T> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-api-key': key },
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
      answers.push(...(await this.call<{ assignments: Assignment[] }>('POST', '/v1/assign/batch', { units: units.slice(i, i + 1_000) }, this.gatewayKey)).assignments);
    }
    return answers;
  }
}
