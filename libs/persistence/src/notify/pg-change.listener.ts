import { Client } from 'pg';

export interface ChangeListenerOptions {
  databaseUrl: string;
  channel: string;
  /** Reloads the cache; called after every notification, after (re)connecting, and every `resyncMs`. */
  reload: () => Promise<void>;
  onError: (error: unknown) => void;
  /** Safety net for notifications lost while disconnected. */
  resyncMs?: number;
  reconnectMs?: number;
}

/**
 * Keeps an in-memory copy fresh through PostgreSQL LISTEN/NOTIFY (the triggers of migration
 * 1764071000000): one dedicated connection per channel, reloading on every change. Notifications
 * arriving during a reload coalesce into one more reload, so a burst of writes costs two queries.
 */
export class PgChangeListener {
  private client: Client | null = null;
  private stopped = false;
  private reloading: Promise<void> | null = null;
  private reloadAgain = false;
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

  /** Reloads now, or once more after the reload in flight. */
  requestReload(): Promise<void> {
    if (this.reloading) {
      this.reloadAgain = true;
      return this.reloading;
    }
    this.reloading = (async () => {
      do {
        this.reloadAgain = false;
        try {
          await this.options.reload();
        } catch (error) {
          this.options.onError(error);
        }
      } while (this.reloadAgain && !this.stopped);
      this.reloading = null;
    })();
    return this.reloading;
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.options.databaseUrl, application_name: 'modelgate-listen' });
    client.on('notification', () => void this.requestReload());
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
  reload: () => Promise<void>,
): PgChangeListener {
  return new PgChangeListener({
    databaseUrl: config.get('DATABASE_URL', { infer: true }),
    channel,
    reload,
    onError: (error) => logger.error({ err: error }, `refreshing from ${channel} failed; retrying`),
  });
}
