import type { INestApplication } from '@nestjs/common';
import type { MicroserviceOptions } from '@nestjs/microservices';
import { COMMAND_SENDERS, CommandSenders } from '@orion/contracts';
import type { Logger as PinoInstance } from 'pino';
import type { ServiceConfig } from '../config/service-config';
import { ROOT_LOGGER } from '../logging/logging.module';
import { RedisNamespace } from '../redis/redis-namespace';
import { MessageSigner, TrustedKeyring } from './message-signing';
import { OrionRedisServer } from './orion-redis.server';
import { redisTransportOptions } from './redis-transport.options';

export interface ConnectTransportOptions {
  /** Extra pattern → allowed senders entries (tests with patterns of their own). */
  senders?: CommandSenders;
  /** The clock the freshness check reads. */
  now?: () => number;
}

/**
 * Starts receiving messages on the Redis transport. Call it after the HTTP server listens.
 * Handlers get the app's global pipes and filters, so payloads are validated like HTTP bodies
 * and errors leave as problem documents. Unsigned, tampered, stale, replayed and unauthorised
 * commands never reach a handler.
 */
export async function connectTransport(
  app: INestApplication,
  config: ServiceConfig,
  options: ConnectTransportOptions = {},
): Promise<void> {
  const rootLogger = app.get<PinoInstance>(ROOT_LOGGER);
  const security = {
    signer: new MessageSigner(config.transport.signingKey),
    keyring: new TrustedKeyring(config.transport.trustedKeys),
    senders: { ...COMMAND_SENDERS, ...options.senders },
    maxSkewMs: config.transport.maxSkewMs,
    now: options.now ?? Date.now,
  };
  app.connectMicroservice<MicroserviceOptions>(
    {
      strategy: new OrionRedisServer(
        redisTransportOptions(config.redis),
        security,
        app.get(RedisNamespace),
        rootLogger,
      ),
    },
    { inheritAppConfig: true },
  );
  await app.startAllMicroservices();
}
