/**
 * Prints a fresh set of transport sealing keys as dotenv lines: one private key per service
 * (give each service only its own, as TRANSPORT_SEALING_KEY) and the public keys every
 * producer needs. Usage: npx tsx scripts/generate-sealing-keys.ts >> .env
 */
import { generateSealingKeyPair } from '../libs/core/src/security/sealed-box';

const services = ['auth', 'user', 'notification'] as const;
const pairs = services.map((service) => ({ service, ...generateSealingKeyPair() }));
for (const pair of pairs) {
  process.stdout.write(`${pair.service.toUpperCase()}_TRANSPORT_SEALING_KEY=${pair.privateKey}\n`);
}
process.stdout.write(
  `TRANSPORT_SEALING_PUBLIC_KEYS=${pairs.map((pair) => `${pair.service}:${pair.publicKey}`).join(',')}\n`,
);
