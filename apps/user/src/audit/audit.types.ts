import type { AuditAction } from './audit-action';

export interface NewAuditRecord {
  actorId: string | null;
  action: AuditAction;
  resourceType: string;
  resourceId: string | null;
  changes: object;
  metadata: object;
  ipAddress: string | null;
  userAgent: string | null;
  requestId: string | null;
  /** The app's clock, not the database's: tests that move the clock see it here too. */
  createdAt: Date;
}

export interface AuditRecord extends NewAuditRecord {
  id: string;
}

export interface AuditFilter {
  actorId?: string;
  action?: AuditAction;
  resourceType?: string;
  resourceId?: string;
  requestId?: string;
  from?: Date;
  to?: Date;
}
