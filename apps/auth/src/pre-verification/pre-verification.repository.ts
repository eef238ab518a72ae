import { Injectable } from '@nestjs/common';
import type { Tx } from '../database/transaction.runner';

/**
 * What an account gained in this service before its address was first verified. Raw SQL on the
 * event's inbox transaction, so the removals commit exactly once with the event.
 */
@Injectable()
export class PreVerificationRepository {
  /** Deletes every identity-provider link made before `at`; returns the providers. */
  async removeLinks(userId: string, at: Date, tx: Tx): Promise<string[]> {
    const rows = await tx.$queryRawUnsafe<{ provider: string }[]>(
      'DELETE FROM oauth_providers WHERE user_id = $1::uuid AND created_at < $2 RETURNING provider',
      userId,
      at,
    );
    return rows.map((row) => row.provider).sort();
  }

  /**
   * Deletes every second factor (enrolled or pending) and backup code created before `at`;
   * returns the methods that were enabled.
   */
  async removeSecondFactors(userId: string, at: Date, tx: Tx): Promise<string[]> {
    const rows = await tx.$queryRawUnsafe<{ method: string; verified: boolean }[]>(
      `DELETE FROM two_factor_auth WHERE user_id = $1::uuid AND created_at < $2
       RETURNING method::text AS method, (verified_at IS NOT NULL AND disabled_at IS NULL) AS verified`,
      userId,
      at,
    );
    const codes = await tx.$executeRawUnsafe(
      'DELETE FROM two_factor_backup_codes WHERE user_id = $1::uuid AND created_at < $2',
      userId,
      at,
    );
    const methods = new Set(rows.filter((row) => row.verified).map((row) => row.method.toLowerCase()));
    if (codes > 0) methods.add('backup_code');
    return [...methods].sort();
  }

  /** The second factors still enabled (added after the verification), as event method names. */
  async remainingMethods(userId: string, tx: Tx): Promise<string[]> {
    const rows = await tx.$queryRawUnsafe<{ method: string }[]>(
      `SELECT DISTINCT lower(method::text) AS method FROM two_factor_auth
        WHERE user_id = $1::uuid AND verified_at IS NOT NULL AND disabled_at IS NULL`,
      userId,
    );
    return rows.map((row) => row.method).sort();
  }

  /** Every trusted device goes back to pending: the next sign-in on it asks for what is required again. */
  async untrustDevices(userId: string, tx: Tx): Promise<number> {
    return tx.$executeRawUnsafe(
      `UPDATE devices SET status = 'PENDING', trusted_until = NULL, updated_at = now()
        WHERE user_id = $1::uuid AND (status = 'TRUSTED' OR trusted_until IS NOT NULL)`,
      userId,
    );
  }
}
