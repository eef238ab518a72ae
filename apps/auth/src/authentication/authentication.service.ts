import { Injectable, Logger } from '@nestjs/common';
import type { UserStatus } from '@orion/contracts';
import { assertAcceptablePassword, normalizePassword } from '@orion/core';
import { setTimeout as sleep } from 'node:timers/promises';
import { AccountLockedError } from '../lockout/lockout.errors';
import { LockoutService } from '../lockout/lockout.service';
import { RateLimitsService } from '../rate-limits/rate-limits.service';
import { LoginAttemptsRepository } from '../sign-in/login-attempts.repository';
import { SignInCompletionService } from '../sign-in/sign-in-completion.service';
import { SignInClient, SignInResult } from '../sign-in/sign-in.types';
import { TokenFamiliesService } from '../tokens/token-families.service';
import { RefreshTokenInvalidError } from '../tokens/token.errors';
import { ClientInfo, TokenPair } from '../tokens/token.types';
import { InvalidCredentialsError } from './authentication.errors';
import { UserDirectory } from './user-directory';

/** Accounts that may sign in; an unverified address still may (the e-mail link proves it later). */
const CAN_SIGN_IN: ReadonlySet<UserStatus> = new Set(['ACTIVE', 'PENDING_VERIFICATION']);

/** The per-address rule on sign-in; it counts guesses, so a correct password resets it. */
const SIGN_IN_IDENTIFIER_RULE = 'sign-in:identifier';

export const normalizeIdentifier = (email: string): string => email.normalize('NFKC').trim().toLowerCase();

/** Sign-up, sign-in and sign-out: the rules; tokens and accounts are behind their own services. */
@Injectable()
export class AuthenticationService {
  private readonly logger = new Logger(AuthenticationService.name);

  constructor(
    private readonly directory: UserDirectory,
    private readonly families: TokenFamiliesService,
    private readonly attempts: LoginAttemptsRepository,
    private readonly lockout: LockoutService,
    private readonly completion: SignInCompletionService,
    private readonly rateLimits: RateLimitsService,
  ) {}

  /**
   * Creates the account in the user service, which sends the verification e-mail. A taken
   * address is answered exactly like a new one, after the same work (the user service runs
   * the account's statements and rolls them back); its owner is sent a notice instead.
   */
  async signUp(registration: { email: string; password: string; displayName?: string }): Promise<void> {
    const email = registration.email.normalize('NFKC').trim();
    const password = normalizePassword(registration.password);
    assertAcceptablePassword(password, [email]);
    await this.directory.register({
      email,
      password,
      ...(registration.displayName && { displayName: registration.displayName }),
    });
  }

  /**
   * Checks the password with the user service, behind the lockout gate; what follows the first
   * factor (device, risk, second factor, session) is the sign-in pipeline's.
   */
  async signIn(email: string, password: string, client: SignInClient): Promise<SignInResult> {
    const identifier = normalizeIdentifier(email);
    let gate: { delayMs: number };
    try {
      gate = await this.lockout.admit(identifier, client);
    } catch (error) {
      if (error instanceof AccountLockedError) {
        await this.attempts.record({
          userId: null,
          identifier,
          outcome: 'BLOCKED',
          failureReason: 'locked',
          ipAddress: client.ip,
          userAgent: client.userAgent,
        });
      }
      throw error;
    }
    if (gate.delayMs > 0) await sleep(gate.delayMs);
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
      // Unknown addresses are counted too, so locks cannot tell who is registered.
      await this.lockout.recordFailure(identifier, verdict.userId, client);
      throw new InvalidCredentialsError();
    }
    await this.rateLimits.forgive(SIGN_IN_IDENTIFIER_RULE, identifier);
    return this.completion.afterPrimaryFactor({
      userId: verdict.userId as string,
      email: email.normalize('NFKC').trim(),
      identifier,
      method: 'password',
      client,
      emailVerified: verdict.emailVerified === true,
    });
  }

  /** Rotates a refresh token; a session the user service has ended stops here too. */
  async refresh(refreshToken: string, client: ClientInfo): Promise<TokenPair> {
    const owner = await this.families.ownerOf(refreshToken);
    if (!owner) return this.families.refresh(refreshToken, client);
    // Per user, not per token: every rotation hands out a new token.
    await this.rateLimits.consume('token-refresh:user', `user:${owner.userId}`);
    const { familyId } = owner;
    // Asked while the rotation runs rather than after it: the answer only decides whether the new
    // pair may be handed out, so neither has to wait for the other.
    const activity = this.directory.touchSession(familyId, client.ip).catch((error: unknown) => {
      // The user service's session-ended event still revokes the family; a refresh need not wait
      // for it. Without its answer the address counts as unverified: the token is restricted.
      this.logger.warn({ familyId, err: error }, 'Could not report session activity to the user service');
      return { active: true, emailVerified: false };
    });
    const verified = activity.then((touched) => touched.emailVerified === true);
    const [pair, touched] = await Promise.all([
      this.families.refresh(refreshToken, client, new Date(), verified),
      activity,
    ]);
    if (touched.active) return pair;
    await this.families.revokeFamily(familyId, 'session_ended');
    throw new RefreshTokenInvalidError();
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
