import { Injectable } from '@nestjs/common';
import type { Tx } from '../database/transaction.runner';
import { NIL_SCOPE_ID, PermissionScope } from './access.types';

export interface ExpiredGrant {
  kind: 'ROLE' | 'PERMISSION';
  id: string;
  userId: string;
  /** Role slug or "resource:action". */
  subject: string;
  scope: PermissionScope;
  scopeId: string | null;
  expiresAt: Date;
}

interface Row {
  id: string;
  user_id: string;
  subject: string;
  scope: PermissionScope;
  scope_id: string;
  expires_at: Date;
}

// Claims and marks in one statement; SKIP LOCKED lets replicas sweep side by side, and the mark
// (committed with the event and the audit row) makes each expiry processed exactly once.
const CLAIM = {
  ROLE: `
    UPDATE user_roles ur SET expiry_processed_at = $1 FROM roles r
    WHERE r.id = ur.role_id AND ur.id IN (
      SELECT id FROM user_roles WHERE expires_at <= $1 AND expiry_processed_at IS NULL
      ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED)
    RETURNING ur.id::text, ur.user_id::text, r.slug AS subject, ur.scope::text, ur.scope_id::text, ur.expires_at`,
  PERMISSION: `
    UPDATE user_permissions up SET expiry_processed_at = $1 FROM permissions p
    WHERE p.id = up.permission_id AND up.id IN (
      SELECT id FROM user_permissions WHERE expires_at <= $1 AND expiry_processed_at IS NULL
      ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED)
    RETURNING up.id::text, up.user_id::text, p.resource || ':' || p.action AS subject, up.scope::text,
      up.scope_id::text, up.expires_at`,
} as const;

@Injectable()
export class GrantExpiryRepository {
  async claimExpired(kind: ExpiredGrant['kind'], now: Date, limit: number, tx: Tx): Promise<ExpiredGrant[]> {
    const rows = await tx.$queryRawUnsafe<Row[]>(CLAIM[kind], now, limit);
    return rows.map((r) => ({
      kind,
      id: r.id,
      userId: r.user_id,
      subject: r.subject,
      scope: r.scope,
      scopeId: r.scope === 'GLOBAL' || r.scope_id === NIL_SCOPE_ID ? null : r.scope_id,
      expiresAt: new Date(r.expires_at),
    }));
  }
}
