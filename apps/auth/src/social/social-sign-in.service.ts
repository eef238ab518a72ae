import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AccountSummary, UserStatus } from '@orion/contracts';
import { DomainError } from '@orion/core';
import { EmailVerificationRequiredError } from '@orion/security';
import { errors, generators, TokenSet } from 'openid-client';
import { AUTH_CONFIG, AuthConfig } from '../config/auth.config';
import { SignInCompletionService } from '../sign-in/sign-in-completion.service';
import { SignInClient } from '../sign-in/sign-in.types';
import { OidcProvidersClient } from './oidc-providers.client';
import { SocialStateStore } from './social-state.store';
import { SocialLinksService } from './social-links.service';
import {
  IdentityProviderUnavailableError,
  RedirectUriNotAllowedError,
  SocialAccountDisabledError,
  SocialEmailRequiredError,
  SocialFlowBindingError,
  SocialLinkForbiddenError,
  SocialSignInFailedError,
  SocialStateInvalidError,
} from './social.errors';
import { UsersClient } from '../users/users.client';
import {
  PendingAuthorization,
  ProviderIdentity,
  SocialCallbackResult,
  StartedAuthorization,
} from './social.types';

/** The same accounts as password sign-in admits. */
const CAN_SIGN_IN: ReadonlySet<UserStatus> = new Set(['ACTIVE', 'PENDING_VERIFICATION']);

/**
 * The answer when the provider does not vouch for the address, or an account has it but has not
 * verified it: the same for a new address (an account now waits for the e-mailed link) and for a
 * taken one (its owner is told), so the callback does not say who is registered.
 */
export const VERIFICATION_PENDING = {
  status: 'verification_pending',
  message: 'Check your e-mail: if this address can be used, a message with the next step is on its way.',
} as const;

/**
 * Sign-in and linking over OpenID Connect: authorization code flow with PKCE (S256), state and
 * nonce kept server-side. A new identity signs in to the account with its address only when the
 * provider and this service have both verified that address; otherwise a new account is made.
 */
@Injectable()
export class SocialSignInService {
  private readonly logger = new Logger(SocialSignInService.name);

  constructor(
    private readonly clients: OidcProvidersClient,
    private readonly states: SocialStateStore,
    private readonly links: SocialLinksService,
    private readonly users: UsersClient,
    private readonly completion: SignInCompletionService,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
  ) {}

  /**
   * The provider's authorization URL and the flow's binding; with `linkTo`, the identity will be
   * linked to that user. Only a callback presenting the binding can finish the flow (RFC 9700
   * 4.7.1): a callback URL replayed elsewhere, or pushed into a victim's browser, cannot.
   */
  async authorizationUrl(
    providerId: string,
    options: { redirectUri?: string; linkTo?: string },
  ): Promise<StartedAuthorization> {
    const provider = this.clients.provider(providerId);
    const redirectUri = this.redirectUriFor(providerId, options.redirectUri);
    const client = await this.clients.client(providerId);
    const state = generators.state();
    const nonce = generators.nonce();
    const codeVerifier = generators.codeVerifier();
    const binding = randomBytes(32).toString('base64url');
    await this.states.save(state, binding, {
      provider: providerId,
      purpose: options.linkTo ? 'link' : 'sign-in',
      ...(options.linkTo && { userId: options.linkTo }),
      redirectUri,
      codeVerifier,
      nonce,
    });
    const authorizationUrl = client.authorizationUrl({
      scope: provider.scopes,
      redirect_uri: redirectUri,
      response_type: 'code',
      state,
      nonce,
      code_challenge: generators.codeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    });
    return { authorizationUrl, state, binding };
  }

  /**
   * Handles the provider's answer (the query string of the redirect). The state is used up first,
   * and only by the holder of the flow's `binding`; without it nothing is redeemed and the flow
   * stays as it was. A link finishes only for `callerId`, the signed-in user who started it:
   * otherwise someone could send a victim their own link URL and attach the victim's identity.
   */
  async complete(
    providerId: string,
    params: Record<string, string>,
    client: SignInClient,
    binding: string | undefined,
    callerId?: string,
  ): Promise<SocialCallbackResult> {
    this.clients.provider(providerId);
    if (typeof params.state !== 'string') throw new SocialStateInvalidError();
    const taken = await this.states.take(params.state, binding);
    if (taken.outcome === 'wrong-binding') throw new SocialFlowBindingError();
    if (taken.outcome === 'unknown' || taken.pending.provider !== providerId)
      throw new SocialStateInvalidError();
    const { pending } = taken;
    const identity = await this.identify(providerId, params, pending);
    if (pending.purpose === 'link') {
      if (!pending.userId || pending.userId !== callerId) throw new SocialLinkForbiddenError();
      // A link must not outlive the first verification of an address its holder may not own.
      const owner = await this.users.findAccount({ userId: pending.userId });
      if (!owner?.emailVerified) throw new EmailVerificationRequiredError();
      await this.links.link(pending.userId, identity, client);
      return { status: 'linked', provider: providerId };
    }
    return this.signIn(identity, client);
  }

  private async signIn(identity: ProviderIdentity, client: SignInClient): Promise<SocialCallbackResult> {
    const link = await this.links.findBySubject(identity.provider, identity.subject);
    const account = link
      ? await this.users.findAccount({ userId: link.userId })
      : await this.accountFor(identity, client);
    if (account === 'pending') return VERIFICATION_PENDING;
    if (!account || !CAN_SIGN_IN.has(account.status)) throw new SocialAccountDisabledError();
    if (link) await this.links.touchLogin(identity);
    return this.completion.afterPrimaryFactor({
      userId: account.userId,
      email: account.email,
      identifier: account.email.normalize('NFKC').trim().toLowerCase(),
      method: 'oidc',
      client,
      emailVerified: account.emailVerified,
    });
  }

  /**
   * First sign-in with this identity: the account with its address, a new one, or 'pending'
   * (nothing to sign in to until the address is proven; see VERIFICATION_PENDING).
   */
  private async accountFor(
    identity: ProviderIdentity,
    client: SignInClient,
  ): Promise<AccountSummary | 'pending'> {
    if (!identity.email) throw new SocialEmailRequiredError();
    const existing = await this.users.findAccount({ email: identity.email });
    if (existing) {
      // Both sides must have verified the address, or whoever registered it first could take over.
      if (!identity.emailVerified || !existing.emailVerified) {
        await this.links.notLinked(existing.userId, identity, client);
        return 'pending';
      }
      if (!CAN_SIGN_IN.has(existing.status)) throw new SocialAccountDisabledError();
      await this.links.link(existing.userId, identity, client);
      return existing;
    }
    try {
      const created = await this.users.createWithoutPassword({
        email: identity.email,
        emailVerified: identity.emailVerified,
        ...(identity.name && { displayName: identity.name }),
      });
      await this.links.link(created.id, identity, client, { announce: false });
      // An address the provider did not vouch for signs in to nothing until its link is used.
      if (!identity.emailVerified) return 'pending';
      return {
        userId: created.id,
        email: created.email,
        status: created.status,
        emailVerified: identity.emailVerified,
        hasPassword: false,
      };
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'EMAIL_TAKEN')) throw error;
      // Registered a moment ago by someone else: answered as above, its owner told.
      const owner = await this.users.findAccount({ email: identity.email });
      if (owner) await this.links.notLinked(owner.userId, identity, client);
      return 'pending';
    }
  }

  /** Exchanges the code (PKCE verifier, nonce and ID token checked by openid-client) for an identity. */
  private async identify(
    providerId: string,
    params: Record<string, string>,
    pending: PendingAuthorization,
  ): Promise<ProviderIdentity> {
    if (typeof params.error === 'string') {
      throw new SocialSignInFailedError(
        /^[a-z_]{1,64}$/.test(params.error) ? params.error : 'provider_error',
      );
    }
    const client = await this.clients.client(providerId);
    let tokens: TokenSet;
    let claims: Record<string, unknown>;
    try {
      tokens = await client.callback(pending.redirectUri, params, {
        state: params.state,
        nonce: pending.nonce,
        code_verifier: pending.codeVerifier,
        response_type: 'code',
      });
      claims = { ...tokens.claims() };
      // Some providers put the address in the userinfo answer only; openid-client checks its sub.
      if (claims.email === undefined && tokens.access_token)
        claims = { ...(await client.userinfo(tokens)), ...claims };
    } catch (error) {
      if (error instanceof errors.OPError) throw new SocialSignInFailedError(error.error ?? 'provider_error');
      if (error instanceof errors.RPError) throw new SocialSignInFailedError('invalid_response');
      this.logger.warn(`Identity provider ${providerId} failed: ${(error as Error).message}`);
      throw new IdentityProviderUnavailableError();
    }
    if (typeof claims.sub !== 'string' || claims.sub.length > 255)
      throw new SocialSignInFailedError('invalid_subject');
    const email = typeof claims.email === 'string' && claims.email.length <= 320 ? claims.email.trim() : null;
    return {
      provider: providerId,
      subject: claims.sub,
      email,
      emailVerified: email !== null && (claims.email_verified === true || claims.email_verified === 'true'),
      ...(typeof claims.name === 'string' && { name: claims.name }),
      scopes: (tokens.scope ?? this.clients.provider(providerId).scopes)
        .split(' ')
        .filter(Boolean)
        .slice(0, 20),
    };
  }

  private redirectUriFor(providerId: string, requested?: string): string {
    const allowed = this.config.account.social.redirectUris.map((uri) =>
      uri.replaceAll('{provider}', providerId),
    );
    if (requested === undefined) return allowed[0] as string;
    if (!allowed.includes(requested)) throw new RedirectUriNotAllowedError();
    return requested;
  }
}
