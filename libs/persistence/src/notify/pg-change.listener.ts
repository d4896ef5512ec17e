import { Client } from 'pg';

/** What a reload is asked to bring up to date: the payloads of the notifications since the last one, or everything. */
export type Changes = ReadonlySet<string> | 'all';

export interface ChangeListenerOptions {
  databaseUrl: string;
  channel: string;
  /**
   * Reloads the cache: `all` on start, after (re)connecting, every `resyncMs` and on `requestReload()`;
   * otherwise the payloads of the notifications received since the previous reload began.
   */
  reload: (changes: Changes) => Promise<void>;
  onError: (error: unknown) => void;
  /** Safety net for notifications lost while disconnected. */
  resyncMs?: number;
  reconnectMs?: number;
}

/**
 * Keeps an in-memory copy fresh through PostgreSQL LISTEN/NOTIFY (the triggers of migrations
 * 1764071000000 and 1764092000000): one dedicated connection per channel, reloading on every change.
 * Notifications arriving during a reload coalesce into one more reload, given all their payloads,
 * so a burst of writes costs two queries.
 */
export class PgChangeListener {
  private client: Client | null = null;
  private stopped = false;
  private reloading: Promise<void> | null = null;
  /** What the next reload brings up to date; null when nothing is waiting. */
  private pending: Set<string> | 'all' | null = null;
  private resyncTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: ChangeListenerOptions) {}

  /** Connects, listens, loads once; resolves when the first load is done. */
  async start(): Promise<void> {
    await this.connect();
    this.resyncTimer = setInterval(() => void this.requestReload(), this.options.resyncMs ?? 30_000);
    this.resyncTimer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.resyncTimer) clearInterval(this.resyncTimer);
    await this.client?.end().catch(() => undefined);
    await this.reloading;
  }

  /**
   * Reloads `payload`'s change (everything without one) now, or once more after the reload in
   * flight; resolves when the cache holds it.
   */
  requestReload(payload?: string): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (payload === undefined) this.pending = 'all';
    else if (this.pending === null) this.pending = new Set([payload]);
    else if (this.pending !== 'all') this.pending.add(payload);
    this.reloading ??= (async () => {
      // Runs at least once, and awaits before `reloading` is cleared, so it is never left set.
      while (this.pending !== null && !this.stopped) {
        const changes = this.pending;
        this.pending = null;
        try {
          await this.options.reload(changes);
        } catch (error) {
          this.options.onError(error);
          // What failed is reloaded with the next change, or by the resync at the latest.
          this.pending = 'all';
          break;
        }
      }
      this.reloading = null;
    })();
    return this.reloading;
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.options.databaseUrl, application_name: 'modelgate-listen' });
    client.on('notification', (message) => void this.requestReload(message.payload ?? ''));
    client.on('error', (error) => {
      this.options.onError(error);
      this.scheduleReconnect(client);
    });
    client.on('end', () => this.scheduleReconnect(client));
    this.client = client;
    await client.connect();
    await client.query(`LISTEN ${this.options.channel}`);
    await this.requestReload();
  }

  private scheduleReconnect(client: Client): void {
    if (this.stopped || this.client !== client) return;
    this.client = null;
    setTimeout(() => {
      if (this.stopped) return;
      this.connect().catch((error: unknown) => {
        this.options.onError(error);
        this.scheduleReconnect(this.client ?? client);
      });
    }, this.options.reconnectMs ?? 1_000).unref();
  }
}

/** A listener for an app cache: DATABASE_URL from the config, failures logged and retried. */
export function cacheListener(
  config: { get(name: 'DATABASE_URL', options: { infer: true }): string },
  logger: { error(object: object, message: string): void },
  channel: string,
  reload: (changes: Changes) => Promise<void>,
): PgChangeListener {
  return new PgChangeListener({
    databaseUrl: config.get('DATABASE_URL', { infer: true }),
    channel,
    reload,
    onError: (error) => logger.error({ err: error }, `refreshing from ${channel} failed; retrying`),
  });
}
