import { Injectable } from '@nestjs/common';
import { SOCIAL_ACCOUNT_LINKED, SOCIAL_ACCOUNT_UNLINKED, SOCIAL_SIGN_IN_NOT_LINKED } from '@orion/contracts';
import { Clock, EventPublisher } from '@orion/core';
import { TransactionRunner } from '../database/transaction.runner';
import { SecurityEventsService } from '../security-events/security-events.service';
import { SignInClient } from '../sign-in/sign-in.types';
import { OAuthProvidersRepository } from './oauth-providers.repository';
import { LastSignInMethodError, SocialIdentityConflictError, SocialLinkNotFoundError } from './social.errors';
import { UsersClient } from '../users/users.client';
import { LinkedIdentity, ProviderIdentity } from './social.types';

/**
 * Links between accounts and provider identities. Every new link and every unlink is recorded as
 * a security event and announced, so the owner hears of a sign-in method they did not add.
 */
@Injectable()
export class SocialLinksService {
  constructor(
    private readonly links: OAuthProvidersRepository,
    private readonly users: UsersClient,
    private readonly securityEvents: SecurityEventsService,
    private readonly events: EventPublisher,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  findBySubject(provider: string, subject: string): Promise<LinkedIdentity | null> {
    return this.links.findBySubject(provider, subject);
  }

  linked(userId: string): Promise<LinkedIdentity[]> {
    return this.links.listForUser(userId);
  }

  /**
   * SOCIAL_IDENTITY_CONFLICT when the identity or the provider slot of the account is taken.
   * `announce` false for the link that comes with a brand-new account: nothing to warn about.
   */
  async link(
    userId: string,
    identity: ProviderIdentity,
    client: SignInClient,
    options: { announce: boolean } = { announce: true },
    now = this.clock.now(),
  ): Promise<void> {
    await this.transactions.run(async (tx) => {
      await this.links.lockUser(userId, tx);
      const outcome = await this.links.link(
        {
          userId,
          provider: identity.provider,
          providerUserId: identity.subject,
          email: identity.email,
          scopes: identity.scopes,
        },
        tx,
      );
      if (outcome === 'conflict') throw new SocialIdentityConflictError();
      if (outcome === 'already-linked' || !options.announce) return;
      await this.securityEvents.record(
        { ...this.eventOf(userId, client, 'social.linked', identity.provider), severity: 'warning' },
        tx,
      );
      await this.events.publish(
        tx,
        SOCIAL_ACCOUNT_LINKED,
        this.payloadOf(userId, identity.provider, client, now),
      );
    });
  }

  /** Refuses to remove the last way in: an account without a password keeps at least one link. */
  async unlink(
    userId: string,
    provider: string,
    client: SignInClient,
    now = this.clock.now(),
  ): Promise<void> {
    const account = await this.users.findAccount({ userId });
    await this.transactions.run(async (tx) => {
      // Two unlinks at once must not both see the other's link as the remaining way in.
      await this.links.lockUser(userId, tx);
      const current = await this.links.listForUser(userId, tx);
      if (!current.some((link) => link.provider === provider)) throw new SocialLinkNotFoundError();
      if (current.length === 1 && !account?.hasPassword) throw new LastSignInMethodError();
      await this.links.unlink(userId, provider, tx);
      await this.securityEvents.record(
        { ...this.eventOf(userId, client, 'social.unlinked', provider), severity: 'info' },
        tx,
      );
      await this.events.publish(tx, SOCIAL_ACCOUNT_UNLINKED, this.payloadOf(userId, provider, client, now));
    });
  }

  /**
   * A sign-in with this address could not be linked to its account (the provider or the account
   * has not verified it): the owner is told, the caller is not.
   */
  async notLinked(userId: string, identity: ProviderIdentity, client: SignInClient, now = this.clock.now()) {
    await this.transactions.run(async (tx) => {
      await this.securityEvents.record(
        { ...this.eventOf(userId, client, 'social.not_linked', identity.provider), severity: 'warning' },
        tx,
      );
      await this.events.publish(
        tx,
        SOCIAL_SIGN_IN_NOT_LINKED,
        this.payloadOf(userId, identity.provider, client, now),
      );
    });
  }

  touchLogin(identity: ProviderIdentity, at = this.clock.now()): Promise<void> {
    return this.links.touchLogin(identity.provider, identity.subject, identity.email, at);
  }

  private eventOf(userId: string, client: SignInClient, type: string, provider: string) {
    return { userId, type, ipAddress: client.ip, userAgent: client.userAgent, metadata: { provider } };
  }

  private payloadOf(userId: string, provider: string, client: SignInClient, now: Date) {
    return {
      userId,
      provider,
      ...(client.ip && { ip: client.ip.slice(0, 45) }),
      ...(client.userAgent && { userAgent: client.userAgent.slice(0, 512) }),
      occurredAt: now.toISOString(),
    };
  }
}
