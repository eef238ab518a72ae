import { Injectable, Logger } from '@nestjs/common';
import type { UserStatus } from '@orion/contracts';
import { DomainError } from '@orion/core';
import { assertAcceptablePassword, normalizePassword } from '@orion/core';
import { TokenFamiliesService } from '../tokens/token-families.service';
import { ClientInfo, TokenPair } from '../tokens/token.types';
import { InvalidCredentialsError } from './authentication.errors';
import { LoginAttemptsRepository } from './login-attempts.repository';
import { UserDirectory } from './user-directory';

/** Accounts that may sign in; an unverified address still may (the e-mail link proves it later). */
const CAN_SIGN_IN: ReadonlySet<UserStatus> = new Set(['ACTIVE', 'PENDING_VERIFICATION']);

export const normalizeIdentifier = (email: string): string => email.normalize('NFKC').trim().toLowerCase();

/** Sign-up, sign-in and sign-out: the rules; tokens and accounts are behind their own services. */
@Injectable()
export class AuthenticationService {
  private readonly logger = new Logger(AuthenticationService.name);

  constructor(
    private readonly directory: UserDirectory,
    private readonly families: TokenFamiliesService,
    private readonly attempts: LoginAttemptsRepository,
  ) {}

  /**
   * Creates the account in the user service, which sends the verification e-mail. A taken
   * address is answered exactly like a new one: its owner's inbox is the only place that learns.
   */
  async signUp(registration: { email: string; password: string; displayName?: string }): Promise<void> {
    const email = registration.email.normalize('NFKC').trim();
    const password = normalizePassword(registration.password);
    assertAcceptablePassword(password, [email]);
    try {
      await this.directory.createUser({
        email,
        password,
        ...(registration.displayName && { displayName: registration.displayName }),
      });
    } catch (error) {
      if (error instanceof DomainError && error.code === 'EMAIL_TAKEN') {
        this.logger.log('Sign-up for an address already in use; answered as for a new one');
        return;
      }
      throw error;
    }
  }

  /** Checks the password with the user service, then starts a token family and its session. */
  async signIn(email: string, password: string, client: ClientInfo & { ip: string }): Promise<TokenPair> {
    const identifier = normalizeIdentifier(email);
    const verdict = await this.directory.verifyCredentials(identifier, normalizePassword(password));
    const allowed = verdict.valid && verdict.status !== null && CAN_SIGN_IN.has(verdict.status);
    if (!allowed) {
      await this.attempts.record({
        userId: verdict.userId,
        identifier,
        outcome: 'FAILED',
        failureReason: !verdict.valid ? 'invalid_credentials' : `account_${verdict.status?.toLowerCase()}`,
        ipAddress: client.ip,
        userAgent: client.userAgent,
      });
      throw new InvalidCredentialsError();
    }
    const userId = verdict.userId as string;
    const familyId = this.families.newFamilyId();
    const sessionId = await this.directory.recordSession({
      userId,
      familyId,
      expiresAt: this.families.absoluteExpiry(),
      ipAddress: client.ip,
      userAgent: client.userAgent,
    });
    const pair = await this.families.start({ userId, familyId, sessionId }, client);
    await this.attempts.record({
      userId,
      identifier,
      outcome: 'SUCCESS',
      ipAddress: client.ip,
      userAgent: client.userAgent,
    });
    return pair;
  }

  /** Rotates a refresh token; a session the user service has ended stops here too. */
  async refresh(refreshToken: string, client: ClientInfo): Promise<TokenPair> {
    return this.families.refresh(refreshToken, client);
  }

  /** Ends the sign-in a refresh token or an access token belongs to; unknown tokens change nothing. */
  async signOut(credential: { refreshToken?: string; accessTokenId?: string }): Promise<void> {
    const familyId = await this.families.familyOf(credential);
    if (familyId) await this.families.revokeFamily(familyId, 'signed_out');
  }

  async signOutEverywhere(userId: string): Promise<void> {
    await this.families.revokeUser(userId, 'signed_out_everywhere');
  }
}
