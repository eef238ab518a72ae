import { Inject, Injectable, Optional } from '@nestjs/common';
import { Clock, NEWEST_FIRST_CURSOR, toPage } from '@orion/core';
import {
  EmailVerificationRequiredError,
  PermissionCache,
  PermissionCheckUnavailableError,
  Principal,
} from '@orion/security';
import { AccessService } from '../access/access.service';
import { AuditAction } from '../audit/audit-action';
import { AuditService } from '../audit/audit.service';
import { issueKey } from './api-key-format';
import {
  ApiKeyExpiryInPastError,
  ApiKeyNotActiveError,
  ApiKeyNotFoundError,
  ApiKeyScopeNotHeldError,
} from './api-keys.errors';
import { ApiKeysRepository } from './api-keys.repository';
import type { ApiKeyRecord, ApiKeyState, ApiKeyView, IssuedApiKey, NewKeyRequest } from './api-keys.types';
import { API_KEYS_CONFIG, ApiKeysConfig } from './api-keys.config';
import { TransactionRunner } from '../database/transaction.runner';
import { AccessCacheStore } from '../access/access-cache.store';

@Injectable()
export class ApiKeysService {
  constructor(
    private readonly keys: ApiKeysRepository,
    private readonly audit: AuditService,
    private readonly accessCache: AccessCacheStore,
    @Inject(API_KEYS_CONFIG) private readonly config: ApiKeysConfig,
    private readonly access: AccessService,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
    // Provided by SecurityModule; absent only while the service is being assembled.
    @Optional() private readonly permissions?: PermissionCache,
  ) {}

  async create(ownerId: string, request: NewKeyRequest, actor: Principal): Promise<IssuedApiKey> {
    if (request.expiresAt && request.expiresAt <= this.clock.now()) throw new ApiKeyExpiryInPastError();
    const scopes = [...new Set(request.scopes)].sort();
    await this.assertOwnerHolds(ownerId, scopes);
    const issued = issueKey();
    const record = await this.transactions.run(async (tx) => {
      // Whoever registered an unproven address may not own it: nothing may outlive its verification.
      if (!(await this.keys.ownerEmailVerified(ownerId, tx))) throw new EmailVerificationRequiredError();
      const created = await this.keys.insert(
        {
          userId: ownerId,
          name: request.name,
          keyPrefix: issued.prefix,
          keyHash: issued.hash,
          scopes,
          expiresAt: request.expiresAt ?? null,
        },
        tx,
      );
      await this.audit.record({ ...auditOf(created, actor, 'create'), after: auditView(created), tx });
      return created;
    });
    return { ...view(record, this.clock.now()), key: issued.key };
  }

  async list(ownerId: string, limit = 20, cursor?: string) {
    const rows = await this.keys.listOf(ownerId, limit + 1, NEWEST_FIRST_CURSOR.decode(cursor));
    const page = toPage(rows, limit, NEWEST_FIRST_CURSOR.encode);
    const now = this.clock.now();
    return { items: page.items.map((key) => view(key, now)), nextCursor: page.nextCursor };
  }

  async get(id: string, ownerId?: string): Promise<ApiKeyView> {
    const key = await this.keys.find(id, ownerId);
    if (!key) throw new ApiKeyNotFoundError();
    return view(key, this.clock.now());
  }

  /** A new key with the same name, scopes and expiry; the old one works for the overlap, then expires. */
  async rotate(ownerId: string, id: string, actor: Principal): Promise<IssuedApiKey> {
    const issued = issueKey();
    const record = await this.transactions.run(async (tx) => {
      const old = await this.keys.lock(id, ownerId, tx);
      if (!old) throw new ApiKeyNotFoundError();
      assertActive(old, this.clock.now());
      // The replacement carries the old scopes only if the owner still holds every one of them.
      await this.assertOwnerHolds(ownerId, old.scopes);
      const overlapEnd = new Date(this.clock.now().getTime() + this.config.rotationOverlapS * 1000);
      const created = await this.keys.insert(
        {
          userId: ownerId,
          name: old.name,
          keyPrefix: issued.prefix,
          keyHash: issued.hash,
          scopes: old.scopes,
          expiresAt: old.expiresAt,
          rotatedFrom: old.id,
        },
        tx,
      );
      const expiresAt = old.expiresAt && old.expiresAt < overlapEnd ? old.expiresAt : overlapEnd;
      const retired = await this.keys.update(old.id, { expiresAt, rotatedTo: created.id }, tx);
      await this.audit.record({
        ...auditOf(retired, actor, 'rotate'),
        before: auditView(old),
        after: auditView(retired),
        tx,
      });
      await this.audit.record({ ...auditOf(created, actor, 'create'), after: auditView(created), tx });
      return created;
    });
    await this.accessCache.forgetApiKey(id);
    return { ...view(record, this.clock.now()), key: issued.key };
  }

  /** Revokes at once: cached verifications end on the key's next use. Repeating it is harmless. */
  async revoke(ownerId: string, id: string, actor: Principal): Promise<void> {
    await this.access.assertMayAdminister(actor, ownerId);
    await this.transactions.run(async (tx) => {
      const key = await this.keys.lock(id, ownerId, tx);
      if (!key) throw new ApiKeyNotFoundError();
      if (key.revokedAt) return;
      const revoked = await this.keys.update(id, { revokedAt: this.clock.now() }, tx);
      await this.audit.record({
        ...auditOf(revoked, actor, 'revoke'),
        before: auditView(key),
        after: auditView(revoked),
        tx,
      });
    });
    await this.accessCache.forgetApiKey(id);
  }

  private async assertOwnerHolds(ownerId: string, scopes: string[]): Promise<void> {
    if (!this.permissions) throw new PermissionCheckUnavailableError();
    const checker = this.permissions;
    const decisions = await Promise.all(
      scopes.map((permission) => checker.check({ userId: ownerId, permission, scope: 'GLOBAL' })),
    );
    const missing = scopes.filter((_, index) => !decisions[index]?.allowed);
    if (missing.length > 0) throw new ApiKeyScopeNotHeldError(missing);
  }
}

function stateOf(key: ApiKeyRecord, now: Date): ApiKeyState {
  if (key.revokedAt) return 'revoked';
  if (key.expiresAt && key.expiresAt <= now) return 'expired';
  return 'active';
}

function view(key: ApiKeyRecord, now: Date): ApiKeyView {
  return { ...key, state: stateOf(key, now) };
}

function assertActive(key: ApiKeyRecord, now: Date): void {
  const state = key.rotatedTo ? 'already rotated' : stateOf(key, now);
  if (state !== 'active') throw new ApiKeyNotActiveError(state);
}

function auditOf(key: ApiKeyRecord, actor: Principal, operation: string) {
  return {
    action: operation === 'create' ? AuditAction.CREATE : AuditAction.UPDATE,
    resourceType: 'api_key',
    resourceId: key.id,
    actor,
    metadata: { operation, ownerId: key.userId },
  };
}

// Field names chosen so the audit's secret filter keeps them (it drops anything named *key*).
function auditView(key: ApiKeyRecord) {
  return {
    name: key.name,
    prefix: key.keyPrefix,
    scopes: key.scopes,
    expiresAt: key.expiresAt,
    revokedAt: key.revokedAt,
    rotatedTo: key.rotatedTo,
  };
}
