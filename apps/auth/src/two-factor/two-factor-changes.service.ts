import { Injectable } from '@nestjs/common';
import { TWO_FACTOR_CHANGED, TwoFactorChange, TwoFactorMethodName } from '@orion/contracts';
import { Clock, EventPublisher } from '@orion/core';
import type { Tx } from '../database/transaction.runner';
import { SecurityEventsService } from '../security-events/security-events.service';
import { TwoFactorRepository } from './two-factor.repository';
import { ActingClient, FACTOR_METHODS, MfaMethod } from './two-factor.types';

const SEVERITY: Record<TwoFactorChange, 'info' | 'warning'> = {
  enabled: 'info',
  disabled: 'warning',
  backup_codes_regenerated: 'info',
  backup_code_used: 'warning',
};

/**
 * Every change to a user's second factors is a security event and an announcement to the
 * owner (auth.two-factor-changed.v1), both written in the transaction that makes the change.
 */
@Injectable()
export class TwoFactorChangesService {
  constructor(
    private readonly factors: TwoFactorRepository,
    private readonly securityEvents: SecurityEventsService,
    private readonly events: EventPublisher,
    private readonly clock: Clock,
  ) {}

  async record(
    change: {
      userId: string;
      change: TwoFactorChange;
      method: TwoFactorMethodName;
      client: ActingClient;
      factorId?: string;
      now?: Date;
    },
    tx: Tx,
  ): Promise<void> {
    const now = change.now ?? this.clock.now();
    const methods = await this.methodsAfterChange(change.userId, tx);
    const backupCodesLeft = await this.factors.unusedBackupCodes(change.userId, tx);
    await this.securityEvents.record(
      {
        userId: change.userId,
        type: `two_factor.${change.change}`,
        severity: SEVERITY[change.change],
        ipAddress: change.client.ip,
        userAgent: change.client.userAgent,
        metadata: {
          method: change.method,
          methods,
          ...(change.factorId && { factorId: change.factorId }),
          backupCodesLeft,
        },
      },
      tx,
    );
    await this.events.publish(tx, TWO_FACTOR_CHANGED, {
      userId: change.userId,
      change: change.change,
      method: change.method,
      methods,
      backupCodesLeft,
      ...(change.client.ip && { ip: change.client.ip.slice(0, 45) }),
      ...(change.client.userAgent && { userAgent: change.client.userAgent.slice(0, 512) }),
      occurredAt: now.toISOString(),
    });
  }

  private async methodsAfterChange(userId: string, tx: Tx): Promise<MfaMethod[]> {
    const enabled = new Set(await this.factors.enabledMethods(userId, tx));
    const methods: MfaMethod[] = FACTOR_METHODS.filter((method) => enabled.has(method));
    if (methods.length > 0 && (await this.factors.unusedBackupCodes(userId, tx)) > 0)
      methods.push('backup_code');
    return methods;
  }
}
