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
}

export interface AuditRecord extends NewAuditRecord {
  id: string;
  createdAt: Date;
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
