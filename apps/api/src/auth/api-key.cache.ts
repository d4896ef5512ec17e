import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AppLogger, type AppConfig } from '@modelgate/platform';
import { cacheListener, type PgChangeListener } from '@modelgate/persistence';
import { hashApiKey } from './api-key.codec';
import { ApiKeyRepository } from './api-key.repository';
import type { Principal } from './roles.decorator';

/**
 * Active API keys by hash, in memory: verifying a key never queries the database. Refreshed on
 * every change of `api_keys` (LISTEN/NOTIFY), so a revoked key stops working within a second.
 * The bootstrap admin key (`MODELGATE_ADMIN_KEY`) lives only here, never in the table.
 */
@Injectable()
export class ApiKeyCache implements OnApplicationBootstrap, OnApplicationShutdown {
  private byHash = new Map<string, Principal>();
  /** Presented key → principal (null: unknown), so a repeated key is not hashed again; emptied on reload. */
  private byPresented = new Map<string, Principal | null>();
  private readonly bootstrap: [string, Principal] | null;
  private readonly listener: PgChangeListener;

  constructor(
    private readonly keys: ApiKeyRepository,
    config: ConfigService<AppConfig, true>,
    private readonly logger: AppLogger,
  ) {
    this.logger.setContext('api-keys');
    const adminKey = config.get('MODELGATE_ADMIN_KEY', { infer: true });
    this.bootstrap = adminKey ? [hashApiKey(adminKey), { keyId: 'bootstrap-admin', role: 'admin', canOverride: true }] : null;
    this.listener = cacheListener(config, logger, 'modelgate_api_keys', () => this.reload());
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.listener.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.listener.stop();
  }

  /** The principal of a presented key, or undefined when it is unknown or revoked. */
  verify(key: string): Principal | undefined {
    let principal = this.byPresented.get(key);
    if (principal === undefined) {
      principal = this.byHash.get(hashApiKey(key)) ?? null;
      // Bounded, so a flood of made-up keys cannot grow it: past the bound, keys are just hashed.
      if (this.byPresented.size < 10_000) this.byPresented.set(key, principal);
    }
    return principal ?? undefined;
  }

  /** Applies a change made by this replica at once, without waiting for the notification. */
  refresh(): Promise<void> {
    return this.listener.requestReload();
  }

  private async reload(): Promise<void> {
    const next = new Map<string, Principal>();
    for (const key of await this.keys.listActive()) {
      next.set(key.keyHash, { keyId: key.id, role: key.role, canOverride: key.canOverride || key.role === 'admin' });
    }
    if (this.bootstrap) next.set(...this.bootstrap);
    this.byHash = next;
    this.byPresented = new Map();
  }
}
