import { DynamicModule, Inject, Module, Provider } from '@nestjs/common';
import { ClientRedis } from '@nestjs/microservices';
import { SERVICE_CONFIG, ServiceConfig, ServiceName } from '../config/service-config';
import { RedisNamespace } from '../redis/redis-namespace';
import { EnvelopeSerializer } from './message-envelope';
import { MessageSigner, TrustedKeyring } from './message-signing';
import { OrionRedisClient } from './orion-redis.client';
import { redisTransportOptions } from './redis-transport.options';
import { ReplyDeserializer } from './reply-signing';
import { ServiceClient } from './service-client';

/** Injection tokens of the raw Redis client proxy to each service. */
export const SERVICE_PROXY: Record<ServiceName, string> = {
  auth: 'ORION_AUTH_PROXY',
  user: 'ORION_USER_PROXY',
  notification: 'ORION_NOTIFICATION_PROXY',
};

/** Injection tokens of the ServiceClient to each service: what features inject. */
export const SERVICE_CLIENT: Record<ServiceName, string> = {
  auth: 'ORION_AUTH_CLIENT',
  user: 'ORION_USER_CLIENT',
  notification: 'ORION_NOTIFICATION_CLIENT',
};

/** `constructor(@InjectServiceClient('user') private readonly users: ServiceClient)` */
export const InjectServiceClient = (peer: ServiceName) => Inject(SERVICE_CLIENT[peer]);

function peerProviders(peer: ServiceName): Provider[] {
  return [
    {
      provide: SERVICE_PROXY[peer],
      inject: [SERVICE_CONFIG, RedisNamespace],
      useFactory: (config: ServiceConfig, namespace: RedisNamespace) =>
        new OrionRedisClient(
          {
            ...redisTransportOptions(config.redis),
            serializer: new EnvelopeSerializer(new MessageSigner(config.transport.signingKey)),
            deserializer: new ReplyDeserializer(
              peer,
              new TrustedKeyring(config.transport.trustedKeys),
              config.transport.maxSkewMs,
            ),
          },
          namespace,
        ),
    },
    {
      provide: SERVICE_CLIENT[peer],
      inject: [SERVICE_PROXY[peer], SERVICE_CONFIG],
      useFactory: (proxy: ClientRedis, config: ServiceConfig) =>
        new ServiceClient(peer, proxy, {
          from: config.service,
          timeoutMs: config.serviceCalls.timeoutMs,
          retries: config.serviceCalls.retries,
        }),
    },
  ];
}

/** Clients for the services an app calls: `TransportModule.forClients(['user'])`. */
@Module({})
export class TransportModule {
  static forClients(peers: ServiceName[]): DynamicModule {
    const providers = peers.flatMap(peerProviders);
    return {
      module: TransportModule,
      providers,
      exports: providers.map((provider) => (provider as { provide: string }).provide),
    };
  }
}
