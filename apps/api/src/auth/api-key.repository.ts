import { Injectable } from '@nestjs/common';
import type { ApiKey, ApiKeyRole } from '@modelgate/contracts';
import { DataSource } from 'typeorm';

interface ApiKeyRow {
  id: string;
  name: string;
  role: ApiKeyRole;
  can_override: boolean;
  key_prefix: string;
  key_hash: string;
  created_at: Date;
  revoked_at: Date | null;
}

export interface StoredApiKey extends ApiKey {
  keyHash: string;
}

const toApiKey = (row: ApiKeyRow): StoredApiKey => ({
  id: row.id,
  name: row.name,
  role: row.role,
  canOverride: row.can_override,
  keyPrefix: row.key_prefix,
  keyHash: row.key_hash,
  createdAt: row.created_at.toISOString(),
  revokedAt: row.revoked_at?.toISOString() ?? null,
});

/** Queries of `api_keys`; keys are only ever stored hashed. */
@Injectable()
export class ApiKeyRepository {
  constructor(private readonly db: DataSource) {}

  async insert(key: { name: string; role: ApiKeyRole; canOverride: boolean; keyHash: string; keyPrefix: string }): Promise<StoredApiKey> {
    const rows: ApiKeyRow[] = await this.db.query(
      `INSERT INTO api_keys (name, role, can_override, key_hash, key_prefix) VALUES ($1, $2, $3, $4, $5) RETURNING *`,
      [key.name, key.role, key.canOverride, key.keyHash, key.keyPrefix],
    );
    return toApiKey(rows[0]!);
  }

  async list(): Promise<StoredApiKey[]> {
    const rows: ApiKeyRow[] = await this.db.query(`SELECT * FROM api_keys ORDER BY created_at`);
    return rows.map(toApiKey);
  }

  async listActive(): Promise<StoredApiKey[]> {
    const rows: ApiKeyRow[] = await this.db.query(`SELECT * FROM api_keys WHERE revoked_at IS NULL`);
    return rows.map(toApiKey);
  }

  /** Revokes a key; undefined when there is no such key. */
  async revoke(id: string): Promise<StoredApiKey | undefined> {
    const [rows]: [ApiKeyRow[], number] = await this.db.query(
      `UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING *`,
      [id],
    );
    return rows[0] ? toApiKey(rows[0]) : undefined;
  }
}
