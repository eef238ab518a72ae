import type { PermissionScope, SourceStatus } from '../access/access.types';

export interface Window {
  startsAt: Date;
  expiresAt: Date | null;
}

export interface Placement extends Window {
  scope: PermissionScope;
  /** Null for GLOBAL. */
  scopeId: string | null;
}

export interface RoleAssignment extends Placement {
  id: string;
  userId: string;
  role: { id: string; slug: string; name: string };
  grantedById: string | null;
  status: SourceStatus;
  createdAt: Date;
}

export interface PermissionGrant extends Placement {
  id: string;
  userId: string;
  permission: string;
  reason: string | null;
  grantedById: string | null;
  status: SourceStatus;
  createdAt: Date;
}
