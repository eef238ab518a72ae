import { Inject, Injectable, Logger } from '@nestjs/common';
import { createPrivateKey, generateKeyPairSync, randomUUID } from 'node:crypto';
import { Clock, SecretBox } from '@orion/core';
import { AUTH_CONFIG, AuthConfig } from '../config/auth.config';
import { TransactionRunner, Tx } from '../database/transaction.runner';
import { ActiveSigningKey, PublicJwk, SIGNING_ALGORITHM, StoredSigningKey } from './signing-keys.types';
import { SigningKeysRepository } from './signing-keys.repository';

// How long a replica signs with the key it read before looking again; retired keys stay
// published at least this much longer, so a replica that has not noticed a rotation is harmless.
const CACHE_MS = 30_000;
// Verifiers accept tokens up to JWT_CLOCK_TOLERANCE_S (≤ 300 s) past their exp.
const VERIFIER_TOLERANCE_S = 300;

/**
 * Ed25519 signing keys: the newest key whose activation time has passed signs; every key that may
 * still have signed an unexpired token, and the next one, is published. Keys live encrypted in
 * the database so replicas share them; rotation inserts the next key (published ahead of use) and
 * retires the current one when the next activates. Rotation happens by age on its own.
 */
@Injectable()
export class SigningKeysService {
  private readonly logger = new Logger(SigningKeysService.name);
  private readonly box: SecretBox;
  private cached?: { key: ActiveSigningKey; until: number };

  constructor(
    private readonly keys: SigningKeysRepository,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
  ) {
    this.box = new SecretBox(config.keyEncryptionSecret, 'signing-keys');
  }

  async signingKey(now = this.clock.now()): Promise<ActiveSigningKey> {
    if (this.cached && this.cached.until > now.getTime()) return this.cached.key;
    let published = await this.keys.published(now);
    if (this.needsRotation(published, now)) {
      published = await this.exclusively(async (tx) => {
        const current = await this.keys.published(now, tx);
        if (this.needsRotation(current, now)) await this.rotateLocked(current, now, current.length > 0, tx);
        return this.keys.published(now, tx);
      });
    }
    // A request that waited on the lock while another created the first key started before that
    // key's activation instant; the key is active for it all the same.
    const stored = activeAt(published, now) ?? activeAt(published, this.clock.now());
    if (!stored) throw new Error('no signing key is active');
    const key: ActiveSigningKey = {
      kid: stored.kid,
      alg: SIGNING_ALGORITHM,
      privateKey: createPrivateKey({
        key: this.box.open(stored.privateKeyEncrypted),
        format: 'der',
        type: 'pkcs8',
      }),
    };
    this.cached = { key, until: now.getTime() + CACHE_MS };
    return key;
  }

  /** The JWKS: current, upcoming and recently retired public keys. */
  async publicKeys(now = this.clock.now()): Promise<PublicJwk[]> {
    await this.signingKey(now);
    return (await this.keys.published(now)).map((key) => ({ ...key.publicJwk, kid: key.kid }));
  }

  /**
   * Starts a rotation: the next key is published now and signs after SIGNING_KEY_PUBLISH_AHEAD_S;
   * the current key keeps signing until then and stays published until its last token expired.
   * Returns the new kid.
   */
  async rotate(now = this.clock.now()): Promise<string> {
    const kid = await this.exclusively(async (tx) =>
      this.rotateLocked(await this.keys.published(now, tx), now, true, tx),
    );
    this.cached = undefined;
    this.logger.log(`Signing key ${kid} created`);
    return kid;
  }

  /** Runs `work` holding the rotation lock, so two replicas never rotate at once. */
  private exclusively<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.transactions.run(async (tx) => {
      await this.keys.lockRotation(tx);
      return work(tx);
    });
  }

  private needsRotation(published: StoredSigningKey[], now: Date): boolean {
    const newest = published[published.length - 1];
    if (!newest) return true;
    // A key waiting to activate is the rotation already under way.
    if (newest.activatesAt > now) return false;
    return now.getTime() - newest.activatesAt.getTime() > this.config.signingKeyMaxAgeS * 1000;
  }

  private async rotateLocked(
    published: StoredSigningKey[],
    now: Date,
    publishAhead: boolean,
    tx: Tx,
  ): Promise<string> {
    const activatesAt = new Date(
      now.getTime() + (publishAhead ? this.config.signingKeyPublishAheadS * 1000 : 0),
    );
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const kid = randomUUID();
    await this.keys.insert(
      {
        kid,
        algorithm: SIGNING_ALGORITHM,
        publicJwk: { ...publicKey.export({ format: 'jwk' }), kid, alg: SIGNING_ALGORITHM, use: 'sig' },
        privateKeyEncrypted: this.box.seal(privateKey.export({ format: 'der', type: 'pkcs8' })),
        activatesAt,
      },
      tx,
    );
    const lastTokenExpires =
      activatesAt.getTime() + CACHE_MS + (this.config.accessTokenTtlS + VERIFIER_TOLERANCE_S) * 1000;
    for (const key of published.filter((k) => k.retiredAt === null)) {
      await this.keys.retire(key.kid, activatesAt, new Date(lastTokenExpires), tx);
    }
    return kid;
  }
}

/** The newest key whose activation has passed. */
function activeAt(published: StoredSigningKey[], now: Date): StoredSigningKey | undefined {
  return published.filter((key) => key.activatesAt <= now).at(-1);
}
