import { Injectable } from '@nestjs/common';
import { Clock, currentClient, currentRequestId } from '@orion/core';
import type { Principal } from '@orion/security';
import { AuditAction } from './audit-action';
import { diffChanges, stripSecrets } from './audit-changes';
import type { Tx } from '../database/transaction.runner';
import { AuditRepository } from './audit.repository';
import type { AuditRecord } from './audit.types';

export interface AuditEntry {
  action: AuditAction;
  /** e.g. "user", "role", "api_key", "session". */
  resourceType: string;
  resourceId?: string;
  /** The caller (from @CurrentPrincipal), or null for the system and other services. */
  actor: Principal | null;
  /** The acting user when there is no principal, e.g. a sign-in that auth reports. */
  actorId?: string;
  /** The resource before and after the change; only differing fields are kept, secrets never. */
  before?: object | null;
  after?: object | null;
  metadata?: Record<string, unknown>;
  /** Pass the transaction of the change so the record exists exactly when the change does. */
  tx?: Tx;
}

// Column widths of audit_logs.
const IP_MAX = 45;
const REQUEST_ID_MAX = 64;

/** Writes the append-only audit log; every state-changing action in this service calls record(). */
@Injectable()
export class AuditService {
  constructor(
    private readonly audit: AuditRepository,
    private readonly clock: Clock,
  ) {}

  async record(entry: AuditEntry): Promise<AuditRecord> {
    const client = currentClient();
    const metadata = (stripSecrets(entry.metadata ?? {}) ?? {}) as Record<string, unknown>;
    let actorId: string | null = entry.actorId ?? null;
    if (entry.actor?.kind === 'user') {
      actorId = entry.actor.userId;
      if (entry.actor.sessionId) metadata.sessionId = entry.actor.sessionId;
    } else if (entry.actor?.kind === 'service') {
      // A key acts for its owner: the owner is the actor, the key is named beside it.
      actorId = entry.actor.ownerId ?? null;
      metadata.apiKeyId = entry.actor.keyId;
      if (entry.actor.serviceName) metadata.serviceName = entry.actor.serviceName;
    }
    return this.audit.insert(
      {
        actorId,
        action: entry.action,
        resourceType: entry.resourceType,
        resourceId: entry.resourceId ?? null,
        changes: diffChanges(entry.before, entry.after),
        metadata,
        ipAddress: client?.ip?.slice(0, IP_MAX) ?? null,
        userAgent: client?.userAgent ?? null,
        requestId: currentRequestId()?.slice(0, REQUEST_ID_MAX) ?? null,
        createdAt: this.clock.now(),
      },
      entry.tx,
    );
  }
}
