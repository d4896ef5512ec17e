import { SetMetadata } from '@nestjs/common';
import type { ApiKeyRole } from '@modelgate/contracts';

export const ROLES = 'modelgate:roles';
export const PUBLIC = 'modelgate:public';

/** The roles an endpoint admits besides `admin`, which admits everywhere. */
export const Roles = (...roles: ApiKeyRole[]) => SetMetadata(ROLES, roles);

/** An endpoint that checks its own credential instead of a key (a signed report link). */
export const Public = () => SetMetadata(PUBLIC, true);

/** The caller, once its key is verified; attached to the request as `principal`. */
export interface Principal {
  keyId: string;
  role: ApiKeyRole;
  canOverride: boolean;
}

/** Whether a role may call an endpoint admitting `allowed`. */
export function roleAllows(role: ApiKeyRole, allowed: readonly ApiKeyRole[]): boolean {
  return role === 'admin' || allowed.includes(role);
}
