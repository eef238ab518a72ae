import { publicKeyOf, sealingPrivateKey, sealingPublicKey } from '../security/sealed-box';
import type { ServiceName } from './service-config';

/**
 * Keys for sealing secrets in payloads (reset links, one-time codes, passwords) for their one
 * consumer: each service holds its own X25519 private key (TRANSPORT_SEALING_KEY) and the
 * public keys of the services it seals for (TRANSPORT_SEALING_PUBLIC_KEYS, `user:<key>,...`).
 */
export interface SealingConfig {
  /** This service's private key, raw 32 bytes base64url. */
  privateKey: string;
  /** Public keys of the consumers this service seals for, raw 32 bytes base64url. */
  publicKeys: Partial<Record<ServiceName, string>>;
}

/** Which consumers each service seals secrets for: production must configure their public keys. */
export const SEALING_RECIPIENTS: Record<ServiceName, ServiceName[]> = {
  auth: ['user', 'notification'],
  user: ['notification'],
  notification: [],
};

/**
 * Development and test key pairs, committed so the services work on a fresh clone. They are
 * published, so production refuses every one of them (PUBLISHED_SEALING_KEYS).
 */
export const DEVELOPMENT_SEALING_KEYS: Record<ServiceName, { privateKey: string; publicKey: string }> = {
  auth: {
    privateKey: 'uAQ0PgkFyiAgIz0lM7-bS1dfFCVJuFc7zGpzXSLwCmY',
    publicKey: 'ZJzI7oNRKtviBlPrx0ODVJl0K0OBSrxY-97S14JhBTU',
  },
  user: {
    privateKey: '6KahJftefCnw4XZpU_laGajcC9bvp70Gnr-Fya43dm4',
    publicKey: 'Tb9lcDOkUYqQZDwFx8fpKEvHqVtmXkaan-8eBgmET3A',
  },
  notification: {
    privateKey: 'uI8ZwvYw9uAY-Xd7Hj7bXmDXq4LXHJmWE_kFP9bBbnI',
    publicKey: 'ba1mgZsrr-P59_1qbEmr5LEGd_A5xwqFXK1k43l6Y20',
  },
};

/** Every sealing key value that is public knowledge; production refuses them all (also in PUBLISHED_SECRETS). */
export const PUBLISHED_SEALING_KEYS: readonly string[] = Object.values(DEVELOPMENT_SEALING_KEYS).flatMap(
  (pair) => [pair.privateKey, pair.publicKey],
);

const SERVICE_NAMES: ServiceName[] = ['auth', 'user', 'notification'];

/** Reads and checks the sealing variables; problems name the variable. */
export function parseSealingConfig(
  service: ServiceName,
  env: NodeJS.ProcessEnv,
): { config?: SealingConfig; problems: string[] } {
  const production = env.NODE_ENV === 'production';
  const problems: string[] = [];
  const privateKey =
    env.TRANSPORT_SEALING_KEY || (production ? '' : DEVELOPMENT_SEALING_KEYS[service].privateKey);
  if (!privateKey) problems.push('TRANSPORT_SEALING_KEY is required but not set');
  else if (!valid(() => sealingPrivateKey(privateKey)))
    problems.push('TRANSPORT_SEALING_KEY: must be a raw X25519 private key, 32 bytes base64url');
  else if (production && PUBLISHED_SEALING_KEYS.includes(privateKey))
    problems.push('TRANSPORT_SEALING_KEY: is a published development key; generate one for production');

  const publicKeys: Partial<Record<ServiceName, string>> = {};
  if (!production) {
    for (const name of SERVICE_NAMES) publicKeys[name] = DEVELOPMENT_SEALING_KEYS[name].publicKey;
  }
  for (const item of (env.TRANSPORT_SEALING_PUBLIC_KEYS ?? '').split(',').map((part) => part.trim())) {
    if (!item) continue;
    const [name, key = ''] = item.split(/[:=]/, 2).map((part) => part.trim());
    if (!SERVICE_NAMES.includes(name as ServiceName) || !valid(() => sealingPublicKey(key))) {
      problems.push(
        'TRANSPORT_SEALING_PUBLIC_KEYS: must be a comma-separated list of <service>:<X25519 public key, base64url>',
      );
      break;
    }
    if (production && PUBLISHED_SEALING_KEYS.includes(key)) {
      problems.push(`TRANSPORT_SEALING_PUBLIC_KEYS: the key of ${name} is a published development key`);
    }
    publicKeys[name as ServiceName] = key;
  }
  for (const recipient of SEALING_RECIPIENTS[service]) {
    if (!publicKeys[recipient])
      problems.push(`TRANSPORT_SEALING_PUBLIC_KEYS: needs the public key of ${recipient}`);
  }
  // A service's own public key, when listed, must match its private key (a swapped pair seals to nobody).
  const own = publicKeys[service];
  if (problems.length === 0 && env.TRANSPORT_SEALING_PUBLIC_KEYS?.includes(`${service}:`) && own) {
    if (publicKeyOf(sealingPrivateKey(privateKey)) !== own)
      problems.push(
        `TRANSPORT_SEALING_PUBLIC_KEYS: the key of ${service} does not match TRANSPORT_SEALING_KEY`,
      );
  }
  return problems.length > 0 ? { problems } : { config: { privateKey, publicKeys }, problems };
}

function valid(check: () => unknown): boolean {
  try {
    check();
    return true;
  } catch {
    return false;
  }
}
