/**
 * Fresh production keys for the Redis boundary, as environment lines:
 *
 *   npx tsx scripts/redis/transport-keys.ts
 *
 * prints each service's TRANSPORT_SIGNING_KEY (give each only to its own service), the
 * TRANSPORT_TRUSTED_KEYS every service gets, and a CACHE_MAC_KEY. To rotate one service's key,
 * append its new `producer:kid:publicKey` to the trusted list everywhere first, then switch it.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { keyFingerprint, publicKeyBase64 } from '../../libs/core/src/transport/message-signing';

const SERVICES = ['auth', 'user', 'notification'] as const;

const trusted: string[] = [];
for (const service of SERVICES) {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const seed = privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(16).toString('base64');
  const kid = keyFingerprint(publicKey);
  trusted.push(`${service}:${kid}:${publicKeyBase64(publicKey)}`);
  process.stdout.write(`# ${service} only\n${service.toUpperCase()}_TRANSPORT_SIGNING_KEY=${seed}\n`);
}
process.stdout.write(`# every service\nTRANSPORT_TRUSTED_KEYS=${trusted.join(',')}\n`);
process.stdout.write(`CACHE_MAC_KEY=${randomBytes(32).toString('base64')}\n`);
