import { Injectable, NotFoundException } from '@nestjs/common';
import type { ApiKey, CreateApiKey, CreatedApiKey } from '@modelgate/contracts';
import { generateApiKey, hashApiKey, keyPrefixOf } from './api-key.codec';
import { ApiKeyCache } from './api-key.cache';
import { ApiKeyRepository, type StoredApiKey } from './api-key.repository';

const publicView = ({ keyHash: _hash, ...key }: StoredApiKey): ApiKey => key;

/** Creating, listing and revoking API keys (admin only). */
@Injectable()
export class ApiKeysService {
  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly cache: ApiKeyCache,
  ) {}

  /** Creates a key and returns it once; only its hash is stored. */
  async create(request: CreateApiKey): Promise<CreatedApiKey> {
    const key = generateApiKey();
    const stored = await this.keys.insert({ ...request, keyHash: hashApiKey(key), keyPrefix: keyPrefixOf(key) });
    await this.cache.refresh();
    return { ...publicView(stored), key };
  }

  async list(): Promise<ApiKey[]> {
    return (await this.keys.list()).map(publicView);
  }

  async revoke(id: string): Promise<ApiKey> {
    const revoked = await this.keys.revoke(id);
    if (!revoked) throw new NotFoundException(`no API key ${id}: list them with GET /v1/api-keys`);
    await this.cache.refresh();
    return publicView(revoked);
  }
}
