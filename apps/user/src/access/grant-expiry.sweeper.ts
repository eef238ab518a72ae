import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { USER_GRANT_EXPIRED } from '@orion/contracts';
import { Clock, EventPublisher, runInRequestContext } from '@orion/core';
import { AuditAction } from '../audit/audit-action';
import type { Tx } from '../database/transaction.runner';
import { AuditService } from '../audit/audit.service';
import { GRANT_EXPIRY_CONFIG, GrantExpiryConfig } from './grant-expiry.config';
import { ExpiredGrant, GrantExpiryRepository } from './grant-expiry.repository';
import { PermissionChangesService } from './permission-changes.service';
import { TransactionRunner } from '../database/transaction.runner';

/**
 * Announces expired assignments and grants: one user.grant-expired.v1 event and one audit row per
 * expiry. Checks never wait for it (they compare windows with the clock); it exists so that
 * people and other services learn about the expiry.
 */
@Injectable()
export class GrantExpirySweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(GrantExpirySweeper.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private stopped = false;

  constructor(
    @Inject(GRANT_EXPIRY_CONFIG) private readonly config: GrantExpiryConfig,
    private readonly expiries: GrantExpiryRepository,
    private readonly events: EventPublisher,
    private readonly audit: AuditService,
    private readonly changes: PermissionChangesService,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.intervalMs > 0) this.schedule();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One pass over everything expired so far; returns how many expiries it processed. */
  sweep(now = this.clock.now()): Promise<number> {
    // Concurrent callers share the pass in progress.
    this.running ??= runInRequestContext(`grant-expiry-${randomUUID()}`, () => this.drain(now)).finally(
      () => {
        this.running = undefined;
      },
    );
    return this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.sweep()
        .catch((error: Error) => this.logger.error(`Grant expiry sweep failed: ${error.message}`))
        .finally(() => this.schedule());
    }, this.config.intervalMs);
    this.timer.unref();
  }

  private async drain(now: Date): Promise<number> {
    let total = 0;
    for (const kind of ['ROLE', 'PERMISSION'] as const) {
      for (;;) {
        const batch = await this.transactions.run(async (tx) => {
          const expired = await this.expiries.claimExpired(kind, now, this.config.batchSize, tx);
          for (const grant of expired) await this.announce(grant, tx);
          await this.changes.announce(
            expired.map((g) => g.userId),
            tx,
          );
          return expired;
        });
        await this.changes.invalidate(batch.map((g) => g.userId));
        total += batch.length;
        if (batch.length < this.config.batchSize || this.stopped) break;
      }
    }
    if (total > 0) this.logger.log(`Processed ${total} expired grant(s)`);
    return total;
  }

  private async announce(grant: ExpiredGrant, tx: Tx): Promise<void> {
    const { kind, id, userId, subject, scope, scopeId, expiresAt } = grant;
    await this.events.publish(tx, USER_GRANT_EXPIRED, {
      userId,
      kind,
      grantId: id,
      subject,
      scope,
      ...(scopeId && { scopeId }),
      expiresAt: expiresAt.toISOString(),
      occurredAt: this.clock.now().toISOString(),
    });
    await this.audit.record({
      action: kind === 'ROLE' ? AuditAction.ROLE_REVOKE : AuditAction.PERMISSION_REVOKE,
      resourceType: kind === 'ROLE' ? 'user_role' : 'user_permission',
      resourceId: id,
      actor: null,
      metadata: {
        reason: 'expired',
        userId,
        [kind === 'ROLE' ? 'role' : 'permission']: subject,
        scope,
        scopeId,
        expiresAt: expiresAt.toISOString(),
      },
      tx,
    });
  }
}
