import { Injectable } from '@nestjs/common';
import { USER_EMAIL_CHANGED } from '@orion/contracts';
import { EventPublisher, FieldSealer, sealedPurpose } from '@orion/core';
import type { Tx } from '../database/transaction.runner';
import { EmailChangeRevertRepository } from './email-change-revert.repository';
import { EmailVerificationRepository } from './email-verification.repository';
import { hashVerificationToken, newVerificationToken } from './verification-token';

/** How long the previous address can undo a change of address. */
export const EMAIL_CHANGE_UNDO_TTL_MS = 72 * 60 * 60 * 1000;

/** `ada.lovelace@example.com` → `a***@example.com`: enough for the owner to recognise, little to harvest. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

/**
 * Tells the previous address that a change of address took effect, with a link that restores it
 * for 72 hours (the token is stored as its SHA-256 only; the e-mail goes out through the outbox).
 */
@Injectable()
export class EmailChangeNoticesService {
  constructor(
    private readonly reverts: EmailChangeRevertRepository,
    private readonly verifications: EmailVerificationRepository,
    private readonly events: EventPublisher,
    private readonly sealer: FieldSealer,
  ) {}

  async changeApplied(
    change: { userId: string; previousEmail: string; newEmail: string },
    now: Date,
    tx: Tx,
  ): Promise<void> {
    const token = newVerificationToken();
    const expiresAt = new Date(now.getTime() + EMAIL_CHANGE_UNDO_TTL_MS);
    await this.reverts.insert(
      {
        userId: change.userId,
        previousEmail: change.previousEmail,
        tokenHash: hashVerificationToken(token),
        expiresAt,
      },
      tx,
    );
    await this.events.publish(tx, USER_EMAIL_CHANGED, {
      userId: change.userId,
      previousEmail: change.previousEmail,
      newEmailMasked: maskEmail(change.newEmail),
      locale: (await this.verifications.localeOf(change.userId, tx)) ?? 'en',
      // Only the notification service, which e-mails the undo link, can read the token.
      token: this.sealer.sealFor('notification', sealedPurpose(USER_EMAIL_CHANGED, 'token'), token),
      expiresAt: expiresAt.toISOString(),
      occurredAt: now.toISOString(),
    });
  }
}
