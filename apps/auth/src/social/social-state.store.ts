import { Inject, Injectable } from '@nestjs/common';
import { REDIS_CLIENT, RedisNamespace, SecretBox, sha256Hex } from '@orion/core';
import type Redis from 'ioredis';
import { AUTH_CONFIG, AuthConfig } from '../config/auth.config';
import { PendingAuthorization } from './social.types';

/** What taking a state found: the flow, nothing, or a flow started by another user agent. */
export type TakenAuthorization =
  { outcome: 'taken'; pending: PendingAuthorization } | { outcome: 'unknown' } | { outcome: 'wrong-binding' };

const flowKey = (ns: RedisNamespace, state: string) => ns.key('auth', 'oidc-flow', state);

const bindingHash = (binding: string) => sha256Hex(binding);

// Gives the sealed flow away, and deletes it, only to the holder of its binding. A wrong or
// missing binding leaves the flow where it is, so whoever replays a stolen callback URL neither
// redeems it nor spoils the sign-in of the browser that started it.
const TAKE = `
local binding = redis.call('HGET', KEYS[1], 'binding')
if not binding then return nil end
if binding ~= ARGV[1] then return 0 end
local sealed = redis.call('HGET', KEYS[1], 'sealed')
redis.call('DEL', KEYS[1])
return sealed`;

/**
 * Started authorizations in Redis, keyed by the state sent to the provider, sealed (the PKCE
 * verifier is a secret), bound to the user agent that started them by the SHA-256 of a random
 * binding value, and taken exactly once, by that user agent only.
 */
@Injectable()
export class SocialStateStore {
  private readonly box: SecretBox;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(RedisNamespace) private readonly namespace: RedisNamespace,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
  ) {
    this.box = new SecretBox(config.keyEncryptionSecret, 'oidc-state');
  }

  async save(state: string, binding: string, pending: PendingAuthorization): Promise<void> {
    const key = flowKey(this.namespace, state);
    await this.redis
      .multi()
      .hset(key, { sealed: this.box.seal(JSON.stringify(pending)), binding: bindingHash(binding) })
      .expire(key, this.config.account.social.stateTtlS)
      .exec();
  }

  /** Returns and deletes the record when `binding` is the one it was saved with. */
  async take(state: string, binding: string | undefined): Promise<TakenAuthorization> {
    // A hash no binding value can have: a missing binding is refused like a wrong one.
    const presented = binding ? bindingHash(binding) : '-';
    const sealed = (await this.redis.eval(TAKE, 1, flowKey(this.namespace, state), presented)) as
      string | number | null;
    if (sealed === null) return { outcome: 'unknown' };
    if (sealed === 0) return { outcome: 'wrong-binding' };
    try {
      return {
        outcome: 'taken',
        pending: JSON.parse(this.box.openText(String(sealed))) as PendingAuthorization,
      };
    } catch {
      return { outcome: 'unknown' };
    }
  }
}
