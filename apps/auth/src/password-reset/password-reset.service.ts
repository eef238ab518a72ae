import { Inject, Injectable, Logger } from '@nestjs/common';
import { PASSWORD_CHANGED, PASSWORD_RESET_REQUESTED } from '@orion/contracts';
import {
  assertAcceptablePassword,
  Clock,
  EventPublisher,
  FieldSealer,
  normalizePassword,
  sealedPurpose,
  sha256Hex,
} from '@orion/core';
import { randomBytes, randomUUID } from 'node:crypto';
import { AUTH_CONFIG, AuthConfig } from '../config/auth.config';
import { TransactionRunner, Tx } from '../database/transaction.runner';
import { SecurityEventsService } from '../security-events/security-events.service';
import { ClientInfo } from '../tokens/token.types';
import { PasswordResetTokenInvalidError } from './password-reset.errors';
import { PasswordResetRepository } from './password-reset.repository';
import { UsersClient } from '../users/users.client';
import { TokenRevocationService } from '../tokens/token-revocation.service';

// A confirmation waits for the user service inside its transaction; allow for its deadline.
const RESET_TRANSACTION = { timeout: 20_000 };

/** Whom the statements of an unknown address's request are written for, then rolled back. */
const STAND_IN_ADDRESS = 'nobody@example.invalid';

/** Accounts that may get a reset link; a disabled account is answered alike and sent nothing. */
const MAY_RESET = new Set(['ACTIVE', 'PENDING_VERIFICATION']);

/**
 * Self-service password reset. The e-mailed token is 32 random bytes, single use, short-lived and
 * stored as its SHA-256 only; a newer request voids older tokens. Requests for unknown addresses
 * run the same statements (the link's row and its e-mail event for a stand-in, inside a savepoint
 * that is rolled back, then a durable security event for either), so the answer and its timing
 * say nothing about who exists.
 */
@Injectable()
export class PasswordResetService {
  private readonly logger = new Logger(PasswordResetService.name);

  constructor(
    private readonly resets: PasswordResetRepository,
    private readonly users: UsersClient,
    private readonly revocations: TokenRevocationService,
    private readonly securityEvents: SecurityEventsService,
    private readonly events: EventPublisher,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
    private readonly sealer: FieldSealer,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  async request(email: string, client: ClientInfo, now = this.clock.now()): Promise<void> {
    const account = await this.users.findAccount({ email: email.normalize('NFKC').trim() });
    const recipient = account && MAY_RESET.has(account.status) ? account : null;
    const token = randomBytes(32).toString('base64url');
    const tokenHash = sha256Hex(token);
    const expiresAt = new Date(now.getTime() + this.config.account.passwordReset.ttlS * 1000);
    const send = async (to: { userId: string; email: string }, tx: Tx) => {
      await this.resets.insert(
        { userId: to.userId, tokenHash, expiresAt, requestedIp: client.ip, userAgent: client.userAgent },
        tx,
      );
      await this.events.publish(tx, PASSWORD_RESET_REQUESTED, {
        userId: to.userId,
        email: to.email,
        // Only the notification service, which e-mails it, can read the link.
        resetUrl: this.sealer.sealFor(
          'notification',
          sealedPurpose(PASSWORD_RESET_REQUESTED, 'resetUrl'),
          this.resetUrl(token),
        ),
        expiresAt: expiresAt.toISOString(),
        occurredAt: now.toISOString(),
      });
    };
    await this.transactions.run(async (tx) => {
      // The same statements for an unknown address: a random id matches no row.
      await this.resets.invalidateOutstanding(recipient?.userId ?? randomUUID(), now, tx);
      const to = recipient ?? { userId: randomUUID(), email: STAND_IN_ADDRESS };
      await this.resets.inSavepoint(recipient !== null, () => send(to, tx), tx);
      // Every request leaves a durable row, so both paths commit alike (a commit that wrote
      // nothing lasting skips the log flush and would answer faster). Never the typed address.
      await this.securityEvents.record(
        {
          userId: recipient?.userId ?? null,
          type: 'password_reset.requested',
          severity: 'info',
          ipAddress: client.ip,
          userAgent: client.userAgent,
        },
        tx,
      );
    }, RESET_TRANSACTION);
    if (!recipient) this.logger.log('Password reset for an address without a usable account; nothing sent');
  }

  /**
   * Checks the policy, takes the token, sets the password in the user service and ends every
   * session, in one transaction: if the user service fails, the token stays usable.
   */
  async confirm(token: string, password: string, client: ClientInfo, now = this.clock.now()): Promise<void> {
    const tokenHash = sha256Hex(token);
    const reset = await this.resets.findUsable(tokenHash, now);
    if (!reset) throw new PasswordResetTokenInvalidError();
    const account = await this.users.findAccount({ userId: reset.userId });
    if (!account || !MAY_RESET.has(account.status)) throw new PasswordResetTokenInvalidError();
    const normalized = normalizePassword(password);
    // Before the token is taken, so a refused password can be corrected with the same link.
    assertAcceptablePassword(normalized, [account.email]);
    await this.transactions.run(async (tx) => {
      if (!(await this.resets.take(reset.id, now, tx))) throw new PasswordResetTokenInvalidError();
      await this.resets.invalidateOutstanding(account.userId, now, tx);
      await this.users.setPassword(account.userId, normalized, 'reset');
      await this.revocations.revokeUser(account.userId, 'password_reset', tx);
      await this.securityEvents.record(
        {
          userId: account.userId,
          type: 'password.reset',
          severity: 'warning',
          ipAddress: client.ip,
          userAgent: client.userAgent,
          metadata: { resetId: reset.id },
        },
        tx,
      );
      await this.events.publish(tx, PASSWORD_CHANGED, {
        userId: account.userId,
        method: 'reset',
        ...(client.ip && { ip: client.ip.slice(0, 45) }),
        ...(client.userAgent && { userAgent: client.userAgent.slice(0, 512) }),
        occurredAt: now.toISOString(),
      });
    }, RESET_TRANSACTION);
  }

  private resetUrl(token: string): string {
    const url = new URL(this.config.account.passwordReset.url);
    url.searchParams.set('token', token);
    return url.toString();
  }
}
