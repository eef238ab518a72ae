import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { MessageSigner, publicKeyBase64, ServiceName } from '@orion/core';

const SERVICES: ServiceName[] = ['auth', 'user', 'notification'];

/** Fresh transport keys for a run in production mode, where the development keys do not count. */
export interface GeneratedTransportKeys {
  /** TRANSPORT_SIGNING_KEY (and its id) of each service. */
  serviceEnv: Record<ServiceName, NodeJS.ProcessEnv>;
  /** TRANSPORT_TRUSTED_KEYS and CACHE_MAC_KEY, the same for every service. */
  sharedEnv: NodeJS.ProcessEnv;
  /** Signs as one of the services, for a client that speaks for it. */
  signer(service: ServiceName): MessageSigner;
  macKey: Buffer;
}

export function generateTransportKeys(): GeneratedTransportKeys {
  const pairs = Object.fromEntries(
    SERVICES.map((service) => [service, generateKeyPairSync('ed25519')]),
  ) as Record<ServiceName, ReturnType<typeof generateKeyPairSync>>;
  const kid = (service: ServiceName) => `run-${service}`;
  const macKey = randomBytes(32);
  return {
    serviceEnv: Object.fromEntries(
      SERVICES.map((service) => [
        service,
        {
          TRANSPORT_SIGNING_KEY: pairs[service].privateKey
            .export({ format: 'pem', type: 'pkcs8' })
            .toString(),
          TRANSPORT_SIGNING_KEY_ID: kid(service),
        },
      ]),
    ) as unknown as Record<ServiceName, NodeJS.ProcessEnv>,
    sharedEnv: {
      TRANSPORT_TRUSTED_KEYS: SERVICES.map(
        (service) => `${service}:${kid(service)}:${publicKeyBase64(pairs[service].publicKey)}`,
      ).join(','),
      CACHE_MAC_KEY: macKey.toString('base64'),
    },
    signer: (service) =>
      new MessageSigner({ producer: service, kid: kid(service), privateKey: pairs[service].privateKey }),
    macKey,
  };
}
