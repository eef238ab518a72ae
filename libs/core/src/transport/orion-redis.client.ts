import { ClientRedis } from '@nestjs/microservices';
import type { RedisNamespace } from '../redis/redis-namespace';

type ClientRedisOptions = ConstructorParameters<typeof ClientRedis>[0];

/**
 * Nest's Redis client proxy on the installation's command channels: Nest publishes a command on
 * its pattern and waits on `<pattern>.reply`, so both become `<namespace>:commands:<pattern>[.reply]`
 * here, the channels OrionRedisServer of the same namespace listens and answers on.
 */
export class OrionRedisClient extends ClientRedis {
  constructor(
    options: ClientRedisOptions,
    private readonly namespace: RedisNamespace,
  ) {
    super(options);
  }

  override getRequestPattern(pattern: string): string {
    return this.namespace.commandChannel(pattern);
  }

  override getReplyPattern(pattern: string): string {
    return this.namespace.replyChannel(pattern);
  }
}
