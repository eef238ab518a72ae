import { Injectable } from '@nestjs/common';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import { SignInClient } from '../sign-in/sign-in.types';
import { MessageFactorsService } from '../two-factor/message-factors.service';
import { OneTimeCodesService } from '../two-factor/one-time-codes.service';
import {
  FactorNotFoundError,
  TooManyCodesError,
  TwoFactorCodeInvalidError,
  WebAuthnVerificationError,
} from '../two-factor/two-factor.errors';
import { TwoFactorService } from '../two-factor/two-factor.service';
import { WebAuthnService } from '../two-factor/webauthn.service';
import { StepUpChallengeStore } from './step-up-challenge.store';
import { UsersClient } from '../users/users.client';
import { MessageMethod } from '../two-factor/two-factor.types';

/**
 * Step-up by a second factor the user has enabled, other than the app (TotpService does that):
 * a WebAuthn assertion for options asked just before, or an SMS or e-mail code sent for it.
 * Codes are single use, budgeted per user like enrolment codes, and only hashes are kept.
 */
@Injectable()
export class StepUpFactorsService {
  constructor(
    private readonly store: StepUpChallengeStore,
    private readonly webauthn: WebAuthnService,
    private readonly codes: OneTimeCodesService,
    private readonly messageFactors: MessageFactorsService,
    private readonly twoFactor: TwoFactorService,
    private readonly users: UsersClient,
  ) {}

  async webauthnOptions(userId: string): Promise<PublicKeyCredentialRequestOptionsJSON> {
    const options = await this.webauthn.authenticationOptions(userId);
    await this.store.rememberWebAuthnChallenge(userId, options.challenge);
    return options;
  }

  async proveWebAuthn(userId: string, credential: unknown, client: SignInClient): Promise<void> {
    const challenge = await this.store.takeWebAuthnChallenge(userId);
    const response = credential as AuthenticationResponseJSON;
    if (!challenge || !(await this.webauthn.verifyAuthentication(userId, response, challenge, client))) {
      throw new WebAuthnVerificationError();
    }
  }

  /** Sends a code to the enabled SMS number or, with e-mail codes enabled, the account's address. */
  async sendCode(userId: string, method: MessageMethod): Promise<{ method: MessageMethod; expiresAt: Date }> {
    if (!(await this.twoFactor.enabledMethods(userId)).includes(method))
      throw new FactorNotFoundError(method);
    if (!(await this.store.mayAnotherCodeBeSent(userId))) {
      throw new TooManyCodesError(this.store.codeWindowS);
    }
    const contacts = await this.users.contactsOf(userId);
    if (!contacts?.email) throw new FactorNotFoundError(method);
    const destination = await this.messageFactors.destinationFor(userId, method, contacts.email);
    const { code, sealed, expiresAt } = this.codes.create();
    await this.store.rememberCode(userId, method, sealed);
    await this.codes.deliver({ userId, channel: method, destination }, code, expiresAt);
    return { method, expiresAt };
  }

  async proveCode(userId: string, method: MessageMethod, code: string): Promise<void> {
    const sealed = await this.store.sealedCode(userId, method);
    if (sealed && this.codes.matches(code, sealed) && (await this.store.takeCode(userId, method))) return;
    await this.store.recordWrongCode(userId, method);
    throw new TwoFactorCodeInvalidError();
  }
}
