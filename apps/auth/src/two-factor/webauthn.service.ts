import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock } from '@orion/core';
import {
  AuthenticationResponseJSON,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import { AUTH_CONFIG, AuthConfig } from '../config/auth.config';
import { SecurityEventsService } from '../security-events/security-events.service';
import { BackupCodesService } from './backup-codes.service';
import { TwoFactorChangesService } from './two-factor-changes.service';
import { FactorNotFoundError, WebAuthnVerificationError } from './two-factor.errors';
import { TwoFactorRepository } from './two-factor.repository';
import { ActingClient, StoredFactor, WebAuthnCredentialView } from './two-factor.types';
import { WebAuthnRegistrationsStore } from './webauthn-registrations.store';
import { LONG_TRANSACTION, TransactionRunner } from '../database/transaction.runner';
import { UsersClient } from '../users/users.client';

const toView = (factor: StoredFactor): WebAuthnCredentialView => ({
  id: factor.id,
  label: factor.label,
  transports: (factor.metadata.transports as string[] | undefined) ?? [],
  createdAt: factor.createdAt,
  lastUsedAt: factor.lastUsedAt,
});

/** Security keys and passkeys (WebAuthn Level 3), several per user; attestation is not required. */
@Injectable()
export class WebAuthnService {
  private readonly logger = new Logger(WebAuthnService.name);

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
    private readonly factors: TwoFactorRepository,
    private readonly backupCodes: BackupCodesService,
    private readonly changes: TwoFactorChangesService,
    private readonly users: UsersClient,
    private readonly securityEvents: SecurityEventsService,
    private readonly registrations: WebAuthnRegistrationsStore,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
  ) {}

  private get rp() {
    return this.config.twoFactor.webauthn;
  }

  async registrationOptions(userId: string): Promise<PublicKeyCredentialCreationOptionsJSON> {
    const existing = await this.factors.activeFactors(userId, 'webauthn');
    const account = (await this.users.contactsOf(userId).catch(() => null))?.email ?? userId;
    const options = await generateRegistrationOptions({
      rpName: this.rp.rpName,
      rpID: this.rp.rpId,
      userName: account,
      userID: new TextEncoder().encode(userId),
      attestationType: 'none',
      // The same authenticator twice would be no second key at all.
      excludeCredentials: existing.map((factor) => ({
        id: factor.credentialId as string,
        transports: (factor.metadata.transports as string[] | undefined) ?? [],
      })),
      authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
    });
    await this.registrations.keep(userId, options.challenge, this.config.twoFactor.challengeTtlS);
    return options;
  }

  /** Stores the new credential; backup codes come back when the user had none. */
  async register(
    userId: string,
    response: RegistrationResponseJSON,
    label: string | undefined,
    client: ActingClient,
  ): Promise<{ credential: WebAuthnCredentialView; backupCodes?: string[] }> {
    // Taken before verifying: a challenge answers one ceremony, whatever its outcome.
    const expectedChallenge = await this.registrations.take(userId);
    if (!expectedChallenge) throw new WebAuthnVerificationError();
    const verified = await verifyRegistrationResponse({
      response,
      expectedChallenge,
      expectedOrigin: this.rp.origins,
      expectedRPID: this.rp.rpId,
      requireUserVerification: false,
    }).catch((error: Error) => {
      this.logger.log(`WebAuthn registration refused: ${error.message}`);
      return null;
    });
    if (!verified?.verified) throw new WebAuthnVerificationError();
    const { credential, aaguid, credentialDeviceType, credentialBackedUp } = verified.registrationInfo;
    if (await this.factors.findByCredentialId(credential.id)) throw new WebAuthnVerificationError();
    return this.transactions.run(async (tx) => {
      const factor = await this.factors.createFactor(
        {
          userId,
          method: 'webauthn',
          label: label ?? 'Security key',
          credentialId: credential.id,
          publicKey: Buffer.from(credential.publicKey).toString('base64url'),
          signCount: credential.counter,
          verifiedAt: this.clock.now(),
          metadata: {
            transports: credential.transports ?? [],
            aaguid,
            credentialDeviceType,
            credentialBackedUp,
          },
        },
        tx,
      );
      const backupCodes = await this.backupCodes.issueIfMissing(userId, tx);
      await this.changes.record(
        { userId, change: 'enabled', method: 'webauthn', client, factorId: factor.id },
        tx,
      );
      return { credential: toView(factor), ...(backupCodes && { backupCodes }) };
    }, LONG_TRANSACTION);
  }

  async list(userId: string): Promise<WebAuthnCredentialView[]> {
    return (await this.factors.activeFactors(userId, 'webauthn')).map(toView);
  }

  async rename(
    userId: string,
    id: string,
    label: string,
    client: ActingClient,
  ): Promise<WebAuthnCredentialView> {
    const factor = await this.factors.rename(userId, id, label);
    if (!factor) throw new FactorNotFoundError('webauthn');
    await this.securityEvents.record({
      userId,
      type: 'two_factor.renamed',
      severity: 'info',
      ipAddress: client.ip,
      userAgent: client.userAgent,
      metadata: { method: 'webauthn', factorId: id, label },
    });
    return toView(factor);
  }

  async remove(userId: string, id: string, client: ActingClient): Promise<void> {
    const factor = await this.factors.findOwned(userId, id, 'webauthn');
    if (!factor) throw new FactorNotFoundError('webauthn');
    await this.transactions.run(async (tx) => {
      if (!(await this.factors.remove(factor.id, tx))) throw new FactorNotFoundError('webauthn');
      await this.factors.deleteBackupCodesWithoutFactor(userId, tx);
      await this.changes.record({ userId, change: 'disabled', method: 'webauthn', client, factorId: id }, tx);
    }, LONG_TRANSACTION);
  }

  /** Options for a sign-in; the caller keeps the challenge with the sign-in it belongs to. */
  async authenticationOptions(userId: string): Promise<PublicKeyCredentialRequestOptionsJSON> {
    const keys = await this.factors.activeFactors(userId, 'webauthn');
    if (keys.length === 0) throw new FactorNotFoundError('webauthn');
    return generateAuthenticationOptions({
      rpID: this.rp.rpId,
      allowCredentials: keys.map((factor) => ({
        id: factor.credentialId as string,
        transports: (factor.metadata.transports as string[] | undefined) ?? [],
      })),
      userVerification: 'preferred',
    });
  }

  /**
   * Verifies an assertion by one of the user's keys. The signature counter must grow (when the
   * authenticator keeps one); a counter that does not is a sign of a cloned key and is refused
   * and recorded.
   */
  async verifyAuthentication(
    userId: string,
    response: AuthenticationResponseJSON,
    expectedChallenge: string,
    client: ActingClient,
  ): Promise<boolean> {
    const factor = await this.factors.findByCredentialId(response.id);
    if (!factor || factor.userId !== userId || factor.method !== 'webauthn' || !factor.verifiedAt)
      return false;
    const credential = {
      id: factor.credentialId as string,
      publicKey: new Uint8Array(Buffer.from(factor.publicKey as string, 'base64url')),
      counter: factor.signCount,
    };
    let verified: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
    try {
      verified = await verifyAuthenticationResponse({
        response,
        expectedChallenge,
        expectedOrigin: this.rp.origins,
        expectedRPID: this.rp.rpId,
        credential,
        requireUserVerification: false,
      });
    } catch (error) {
      const message = (error as Error).message;
      if (message.includes('counter')) await this.recordCounterRegression(factor, client);
      this.logger.log(`WebAuthn assertion refused: ${message}`);
      return false;
    }
    if (!verified.verified) return false;
    const now = this.clock.now();
    const newCounter = verified.authenticationInfo.newCounter;
    if (newCounter === 0 && factor.signCount === 0) {
      await this.factors.touch(factor.id, now);
      return true;
    }
    // Compare-and-set: of two assertions racing with the same counter, only one moves it.
    return this.factors.advanceSignCount(factor.id, factor.signCount, newCounter, now);
  }

  private async recordCounterRegression(factor: StoredFactor, client: ActingClient): Promise<void> {
    await this.securityEvents.record({
      userId: factor.userId,
      type: 'two_factor.webauthn_counter_regressed',
      severity: 'critical',
      ipAddress: client.ip,
      userAgent: client.userAgent,
      metadata: { factorId: factor.id, storedCounter: factor.signCount },
    });
  }
}
