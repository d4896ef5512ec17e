import { SetMetadata } from '@nestjs/common';
import type { ApiKeyRole } from '@modelgate/contracts';

export const ROLES = 'modelgate:roles';

/** The roles an endpoint admits besides `admin`, which admits everywhere. */
export const Roles = (...roles: ApiKeyRole[]) => SetMetadata(ROLES, roles);

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
