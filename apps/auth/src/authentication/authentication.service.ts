import { Inject, Injectable, Logger } from '@nestjs/common';
import type { UserStatus } from '@orion/contracts';
import { assertAcceptablePassword, Clock, normalizePassword, PeerUnavailableError } from '@orion/core';
import { setTimeout as sleep } from 'node:timers/promises';
import { AUTH_CONFIG, AuthConfig } from '../config/auth.config';
import { DevicesService } from '../devices/devices.service';
import { AccountLockedError } from '../lockout/lockout.errors';
import { LockoutService } from '../lockout/lockout.service';
import { SERVICE_RATE_LIMITS } from '../rate-limits/rate-limit.types';
import { RateLimitsService } from '../rate-limits/rate-limits.service';
import { LoginAttemptsRepository } from '../sign-in/login-attempts.repository';
import { signInLimitSubject, SignInCompletionService } from '../sign-in/sign-in-completion.service';
import { SignInClient, SignInResult } from '../sign-in/sign-in.types';
import { TokenFamiliesService } from '../tokens/token-families.service';
import { RefreshTokenInvalidError } from '../tokens/token.errors';
import { ClientInfo, TokenPair } from '../tokens/token.types';
import { InvalidCredentialsError } from './authentication.errors';
import { SessionConfirmationsStore } from './session-confirmations.store';
import { UsersClient } from '../users/users.client';
import { TokenRevocationService } from '../tokens/token-revocation.service';

/** Accounts that may sign in; an unverified address still may (the e-mail link proves it later). */
const CAN_SIGN_IN: ReadonlySet<UserStatus> = new Set(['ACTIVE', 'PENDING_VERIFICATION']);

const {
  signInIp: SIGN_IN_IP_RULE,
  signInIdentifier: SIGN_IN_IDENTIFIER_RULE,
  signUpIp: SIGN_UP_IP_RULE,
} = SERVICE_RATE_LIMITS;

export const normalizeIdentifier = (email: string): string => email.normalize('NFKC').trim().toLowerCase();

/** Sign-up, sign-in and sign-out: the rules; tokens and accounts are behind their own services. */
@Injectable()
export class AuthenticationService {
  private readonly logger = new Logger(AuthenticationService.name);

  constructor(
    private readonly users: UsersClient,
    private readonly families: TokenFamiliesService,
    private readonly revocations: TokenRevocationService,
    private readonly attempts: LoginAttemptsRepository,
    private readonly lockout: LockoutService,
    private readonly completion: SignInCompletionService,
    private readonly rateLimits: RateLimitsService,
    private readonly devices: DevicesService,
    private readonly confirmations: SessionConfirmationsStore,
    private readonly clock: Clock,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
  ) {}

  /**
   * Creates the account in the user service, which sends the verification e-mail. A taken
   * address is answered exactly like a new one, after the same work (the user service runs
   * the account's statements and rolls them back); its owner is sent a notice instead.
   */
  async signUp(
    registration: { email: string; password: string; displayName?: string },
    client: { ip: string },
  ): Promise<void> {
    const email = registration.email.normalize('NFKC').trim();
    const password = normalizePassword(registration.password);
    assertAcceptablePassword(password, [email]);
    // Counted only now: a request refused as malformed or for its password creates nothing.
    await this.rateLimits.consume(SIGN_UP_IP_RULE, client.ip);
    await this.users.register({
      email,
      password,
      ...(registration.displayName && { displayName: registration.displayName }),
    });
  }

  /**
   * Checks the password with the user service, behind the rate limits and the lockout gate; what
   * follows the first factor (device, risk, second factor, session) is the sign-in pipeline's.
   * A valid device token of a trusted device is counted on its own (per device instead of per
   * address and identifier) and passes temporary locks, so strangers' guesses never stop its owner.
   */
  async signIn(email: string, password: string, client: SignInClient): Promise<SignInResult> {
    const identifier = normalizeIdentifier(email);
    const holder = await this.devices.trustedHolder(client.deviceToken);
    if (!holder) await this.rateLimits.consume(SIGN_IN_IP_RULE, client.ip);
    await this.rateLimits.consume(
      SIGN_IN_IDENTIFIER_RULE,
      signInLimitSubject(identifier, holder?.deviceId ?? null),
    );
    const { userId, emailVerified } = await this.checkPassword(identifier, password, client, holder);
    // The identifier's count is reset only once the whole sign-in completes (second factor included).
    return this.completion.afterPrimaryFactor({
      userId,
      email: email.normalize('NFKC').trim(),
      identifier,
      method: 'password',
      client,
      emailVerified,
    });
  }

  /**
   * The password check of a sign-in, also used wherever a signed-in user confirms their password
   * (step-up, password change): lockout gate and delay, the user service's Argon2id check, a
   * failed attempt counted towards the lockout. `holder` is the trusted device the client proved
   * it holds, if any. Returns the account's id and whether its address is verified.
   */
  async checkPassword(
    identifier: string,
    password: string,
    client: SignInClient,
    holder: { userId: string; deviceId: string } | null = null,
  ): Promise<{ userId: string; emailVerified: boolean }> {
    let gate: { delayMs: number };
    try {
      gate = await this.lockout.admit(identifier, holder?.userId ?? null);
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
    const verdict = await this.users.verifyCredentials(identifier, normalizePassword(password));
    if (holder && verdict.userId !== holder.userId) {
      // Another account's device token buys nothing: counted like any other attempt after all.
      await this.rateLimits.consume(SIGN_IN_IP_RULE, client.ip);
      await this.rateLimits.consume(SIGN_IN_IDENTIFIER_RULE, identifier);
    }
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
    return { userId: verdict.userId as string, emailVerified: verdict.emailVerified === true };
  }

  /**
   * A signed-in user's password, checked like a sign-in's: the per-identifier rate limit is
   * counted here because the request names no address. A confirmed password completes an
   * authentication, so it ends the identifier's count of guesses.
   */
  async confirmPassword(
    user: { userId: string; email: string },
    password: string,
    client: SignInClient,
  ): Promise<void> {
    const identifier = normalizeIdentifier(user.email);
    await this.rateLimits.consume(SIGN_IN_IDENTIFIER_RULE, identifier);
    const { userId } = await this.checkPassword(identifier, password, client);
    // The address now belongs to someone else (changed in between): not this user's password.
    if (userId !== user.userId) throw new InvalidCredentialsError();
    await this.rateLimits.forgive(SIGN_IN_IDENTIFIER_RULE, signInLimitSubject(identifier, null));
  }

  /**
   * Rotates a refresh token; a session the user service has ended stops here too. While the user
   * service does not answer, a refresh goes on (with a restricted token) only within
   * REFRESH_PEER_OUTAGE_GRACE_S of the user service's last confirmation of the session; without
   * a recent one it asks first, and answers 503 before rotating if there is no answer.
   */
  async refresh(refreshToken: string, client: ClientInfo): Promise<TokenPair> {
    const owner = await this.families.ownerOf(refreshToken);
    if (!owner) return this.families.refresh(refreshToken, client);
    // Per user, not per token: every rotation hands out a new token.
    await this.rateLimits.consume('token-refresh:user', `user:${owner.userId}`);
    const { familyId } = owner;
    const now = this.clock.now();
    const graceS = this.config.refreshPeerOutageGraceS;
    const confirmedAt = await this.confirmations.confirmedAt(familyId);
    const recentlyConfirmed = confirmedAt !== null && now.getTime() - confirmedAt.getTime() <= graceS * 1000;
    const activity = this.users.touchSession(familyId, client.ip).then(
      async (touched) => {
        if (touched.active) await this.confirmations.confirm(familyId, now, graceS);
        return touched;
      },
      (error: unknown) => {
        if (!recentlyConfirmed || !(error instanceof PeerUnavailableError)) throw error;
        // Bounded by the grace since the last confirmation; the token it gets is restricted.
        this.logger.warn(
          { familyId, err: error },
          'Refresh without the user service, within the outage grace',
        );
        return { active: true, emailVerified: false };
      },
    );
    // Without a recent confirmation the answer comes first: a refused refresh rotates nothing.
    if (!recentlyConfirmed) await activity;
    // Asked while the rotation runs rather than after it: the answer only decides whether the new
    // pair may be handed out, so neither has to wait for the other.
    const verified = activity.then((touched) => touched.emailVerified === true);
    const [pair, touched] = await Promise.all([
      this.families.refresh(refreshToken, client, this.clock.now(), verified),
      activity,
    ]);
    if (touched.active) return pair;
    await this.revocations.revokeFamily(familyId, 'session_ended');
    throw new RefreshTokenInvalidError();
  }

  /** Ends the sign-in a refresh token or an access token belongs to; unknown tokens change nothing. */
  async signOut(credential: { refreshToken?: string; accessTokenId?: string }): Promise<void> {
    const familyId = await this.families.familyOf(credential);
    if (familyId) await this.revocations.revokeFamily(familyId, 'signed_out');
  }

  async signOutEverywhere(userId: string): Promise<void> {
    await this.revocations.revokeUser(userId, 'signed_out_everywhere');
  }
}
