import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';

/** What the sweep removes, each as the condition on its table; $1 is the cut-off instant. */
export const SWEEPS = {
  // Expired, used or replaced: none of them can ever be presented successfully again.
  passwordResets: {
    table: 'password_resets',
    where: 'expires_at < $1 OR used_at IS NOT NULL OR invalidated_at IS NOT NULL',
  },
  // By the family's absolute end: a rotated token must outlive its family for reuse detection.
  authTokens: { table: 'auth_tokens', where: 'absolute_expires_at < $1' },
  loginAttempts: { table: 'login_attempts', where: 'created_at < $1' },
  // The denied token has expired on its own, so the entry denies nothing any more.
  sessionBlacklist: { table: 'session_blacklist', where: 'expires_at < $1' },
  processedEvents: { table: 'processed_events', where: 'processed_at < $1' },
  outboxEvents: { table: 'outbox_events', where: 'published_at IS NOT NULL AND published_at < $1' },
} as const;

export type SweepName = keyof typeof SWEEPS;

/** Deletes in small batches, so a large backlog never holds long locks or one huge transaction. */
@Injectable()
export class MaintenanceRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Deletes up to `limit` rows; SKIP LOCKED lets replicas sweep side by side. */
  async deleteBatch(name: SweepName, cutoff: Date, limit: number): Promise<number> {
    const { table, where } = SWEEPS[name];
    return this.prisma.$executeRawUnsafe(
      `DELETE FROM ${table} WHERE id IN (
         SELECT id FROM ${table} WHERE ${where} LIMIT $2 FOR UPDATE SKIP LOCKED)`,
      cutoff,
      limit,
    );
  }
}
