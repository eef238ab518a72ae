import { generateKeyPairSync } from 'node:crypto';
import { generateSealingKeyPair } from '../security/sealed-box';
import { publicKeyBase64 } from '../transport/message-signing';
import { loadServiceConfig } from './service-config';
import { DEVELOPMENT_SEALING_KEYS, PUBLISHED_SEALING_KEYS } from './transport-sealing.config';

const signing = generateKeyPairSync('ed25519');
const production = {
  NODE_ENV: 'production',
  AUTH_DATABASE_URL: 'postgresql://orion@db:5432/orion_auth',
  REDIS_URL: 'redis://:pw@redis:6379',
  // Production's transport signing and cache keys, so that only the sealing keys are at issue here.
  TRANSPORT_SIGNING_KEY: signing.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  TRANSPORT_TRUSTED_KEYS: `user:u1:${publicKeyBase64(signing.publicKey)}`,
  CACHE_MAC_KEY: Buffer.alloc(32, 7).toString('base64'),
};

describe('transport sealing configuration', () => {
  it('uses the committed development keys outside production', () => {
    const config = loadServiceConfig('auth', { ...production, NODE_ENV: 'test' });
    expect(config.sealing.privateKey).toBe(DEVELOPMENT_SEALING_KEYS.auth.privateKey);
    expect(config.sealing.publicKeys.notification).toBe(DEVELOPMENT_SEALING_KEYS.notification.publicKey);
  });

  it('requires a private key and the public key of every consumer in production', () => {
    expect(() => loadServiceConfig('auth', production)).toThrow(/TRANSPORT_SEALING_KEY is required/);
    const own = generateSealingKeyPair();
    expect(() => loadServiceConfig('auth', { ...production, TRANSPORT_SEALING_KEY: own.privateKey })).toThrow(
      /needs the public key of user[\s\S]*needs the public key of notification/,
    );
  });

  it('refuses the published development keys in production, private or public', () => {
    const user = generateSealingKeyPair();
    const notification = generateSealingKeyPair();
    expect(PUBLISHED_SEALING_KEYS).toContain(DEVELOPMENT_SEALING_KEYS.user.publicKey);
    expect(() =>
      loadServiceConfig('auth', {
        ...production,
        TRANSPORT_SEALING_KEY: DEVELOPMENT_SEALING_KEYS.auth.privateKey,
        TRANSPORT_SEALING_PUBLIC_KEYS: `user:${user.publicKey},notification:${notification.publicKey}`,
      }),
    ).toThrow(/TRANSPORT_SEALING_KEY: is a published development key/);
    expect(() =>
      loadServiceConfig('auth', {
        ...production,
        TRANSPORT_SEALING_KEY: generateSealingKeyPair().privateKey,
        TRANSPORT_SEALING_PUBLIC_KEYS: `user:${DEVELOPMENT_SEALING_KEYS.user.publicKey},notification:${notification.publicKey}`,
      }),
    ).toThrow(/the key of user is a published development key/);
    const config = loadServiceConfig('auth', {
      ...production,
      TRANSPORT_SEALING_KEY: generateSealingKeyPair().privateKey,
      TRANSPORT_SEALING_PUBLIC_KEYS: `user:${user.publicKey}, notification:${notification.publicKey}`,
    });
    expect(config.sealing.publicKeys).toEqual({ user: user.publicKey, notification: notification.publicKey });
  });

  it('refuses a shared list whose entry for this service does not match its private key', () => {
    const other = generateSealingKeyPair();
    expect(() =>
      loadServiceConfig('auth', {
        ...production,
        NODE_ENV: 'test',
        TRANSPORT_SEALING_PUBLIC_KEYS: `auth:${other.publicKey}`,
      }),
    ).toThrow(/the key of auth does not match TRANSPORT_SEALING_KEY/);
  });

  it('names a malformed key', () => {
    expect(() =>
      loadServiceConfig('auth', { ...production, NODE_ENV: 'test', TRANSPORT_SEALING_KEY: 'short' }),
    ).toThrow(/TRANSPORT_SEALING_KEY: must be a raw X25519 private key/);
    expect(() =>
      loadServiceConfig('auth', {
        ...production,
        NODE_ENV: 'test',
        TRANSPORT_SEALING_PUBLIC_KEYS: 'mail:abc',
      }),
    ).toThrow(/TRANSPORT_SEALING_PUBLIC_KEYS: must be a comma-separated list/);
  });
});
