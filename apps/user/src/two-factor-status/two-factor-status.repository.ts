import { Injectable } from '@nestjs/common';
import type { Tx } from '../database/transaction.runner';
import { PrismaService } from '../database/prisma.service';
import type { TwoFactorStatus } from './two-factor-status.types';

interface StatusRow {
  is_enabled: boolean;
  totp_enabled: boolean;
  sms_enabled: boolean;
  email_enabled: boolean;
  webauthn_enabled: boolean;
  backup_codes_remaining: number;
  is_required: boolean;
  synced_at: Date | null;
}

// Only a newer event replaces the copy; a user who no longer exists is skipped (no row to attach to).
const APPLY_SQL = `
INSERT INTO two_factor_auth (user_id, is_enabled, totp_enabled, sms_enabled, email_enabled,
                             webauthn_enabled, backup_codes_remaining, synced_at, updated_at)
SELECT u.id, $2, $3, $4, $5, $6, COALESCE($7, 0), $8, now() FROM users u WHERE u.id = $1::uuid
ON CONFLICT (user_id) DO UPDATE SET
  is_enabled = EXCLUDED.is_enabled, totp_enabled = EXCLUDED.totp_enabled,
  sms_enabled = EXCLUDED.sms_enabled, email_enabled = EXCLUDED.email_enabled,
  webauthn_enabled = EXCLUDED.webauthn_enabled,
  backup_codes_remaining = COALESCE($7, two_factor_auth.backup_codes_remaining),
  synced_at = EXCLUDED.synced_at, updated_at = now()
WHERE two_factor_auth.synced_at IS NULL OR two_factor_auth.synced_at < EXCLUDED.synced_at`;

@Injectable()
export class TwoFactorStatusRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Replaces the copy with `methods` as of `at`; false when a newer state was there already. */
  async apply(
    userId: string,
    methods: ReadonlySet<string>,
    backupCodesLeft: number | undefined,
    at: Date,
    tx: Tx,
  ): Promise<boolean> {
    const factors = ['totp', 'sms', 'email', 'webauthn'].map((method) => methods.has(method));
    const changed = await tx.$executeRawUnsafe(
      APPLY_SQL,
      userId,
      factors.some(Boolean),
      ...factors,
      backupCodesLeft ?? null,
      at,
    );
    return changed > 0;
  }

  /** Null when the user does not exist (or is deleted); a user never reported has everything off. */
  async find(userId: string): Promise<TwoFactorStatus | null> {
    const [row] = await this.prisma.$queryRawUnsafe<StatusRow[]>(
      `SELECT COALESCE(t.is_enabled, false) AS is_enabled, COALESCE(t.totp_enabled, false) AS totp_enabled,
              COALESCE(t.sms_enabled, false) AS sms_enabled, COALESCE(t.email_enabled, false) AS email_enabled,
              COALESCE(t.webauthn_enabled, false) AS webauthn_enabled,
              COALESCE(t.backup_codes_remaining, 0) AS backup_codes_remaining,
              COALESCE(t.is_required, false) AS is_required, t.synced_at
         FROM users u LEFT JOIN two_factor_auth t ON t.user_id = u.id
        WHERE u.id = $1::uuid AND u.deleted_at IS NULL`,
      userId,
    );
    if (!row) return null;
    return {
      enabled: row.is_enabled,
      methods: {
        totp: row.totp_enabled,
        sms: row.sms_enabled,
        email: row.email_enabled,
        webauthn: row.webauthn_enabled,
      },
      backupCodesRemaining: row.backup_codes_remaining,
      required: row.is_required,
      syncedAt: row.synced_at,
    };
  }
}
