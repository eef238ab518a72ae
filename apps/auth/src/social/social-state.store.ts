import { Inject, Injectable } from '@nestjs/common';
import { REDIS_CLIENT } from '@orion/core';
import type Redis from 'ioredis';
import { AUTH_CONFIG, AuthConfig } from '../config/auth-config';
import { SecretBox } from '../keys/secret-box';

/** What a started sign-in or link needs at its callback; the state value itself is the key. */
export interface PendingAuthorization {
  provider: string;
  /** `link`: bound to the signed-in user who started it. */
  purpose: 'sign-in' | 'link';
  userId?: string;
  redirectUri: string;
  codeVerifier: string;
  nonce: string;
}

const PREFIX = 'orion:auth:oidc-state:';

/**
 * Started authorizations in Redis, keyed by the state sent to the provider, sealed (the PKCE
 * verifier is a secret) and taken exactly once: a replayed or forged callback finds nothing.
 */
@Injectable()
export class SocialStateStore {
  private readonly box: SecretBox;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
  ) {
    this.box = new SecretBox(config.keyEncryptionSecret, 'oidc-state');
  }

  async save(state: string, pending: PendingAuthorization): Promise<void> {
    await this.redis.set(
      PREFIX + state,
      this.box.seal(JSON.stringify(pending)),
      'EX',
      this.config.account.social.stateTtlS,
    );
  }

  /** Returns and deletes the record; null when unknown, expired or already taken. */
  async take(state: string): Promise<PendingAuthorization | null> {
    const sealed = await this.redis.getdel(PREFIX + state);
    if (!sealed) return null;
    try {
      return JSON.parse(this.box.open(sealed).toString()) as PendingAuthorization;
    } catch {
      return null;
    }
  }
}
