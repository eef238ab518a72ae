/**
 * The Redis ACL: one user per service, allowed only the keys, streams and channels it needs.
 * `docker/redis/users.acl` is this file's output with the development passwords; to write one
 * with your own passwords:
 *
 *   REDIS_AUTH_PASSWORD=… REDIS_USER_PASSWORD=… REDIS_NOTIFICATION_PASSWORD=… \
 *   REDIS_HEALTH_PASSWORD=… npx tsx scripts/redis/redis-acl.ts > users.acl
 *
 * The rules cover one installation's namespace (REDIS_NAMESPACE, `orion` when unset): an
 * installation sharing the server with others gets a file of its own, with users of its own.
 *
 * and mount it instead (REDIS_ACL_FILE in docker-compose.yml). test/platform/redis-acl.spec.ts
 * fails when the committed file and this generator (or the command senders) disagree.
 */
import { createHash } from 'node:crypto';
import { COMMAND_SENDERS, ProducerName } from '../../libs/contracts/src';
import { DEVELOPMENT_REDIS_PASSWORDS } from '../../libs/core/src/config/development-keys';
import {
  DEFAULT_REDIS_NAMESPACE,
  redisNamespaceSchema,
} from '../../libs/core/src/config/redis-namespace.config';
import { RedisNamespace } from '../../libs/core/src/redis/redis-namespace';

export { DEVELOPMENT_REDIS_PASSWORDS };

export const ACL_SERVICES: ProducerName[] = ['auth', 'user', 'notification'];

/** The Redis user name of each service; REDIS_URL carries it (redis://orion-auth:…@redis:6379). */
export const aclUserName = (service: ProducerName | 'health') => `orion-${service}`;

// Revocations and invalidations (inside the namespace): written by the services that own them, read by every service.
const SHARED_SECURITY_KEYS: Record<string, ProducerName[]> = {
  'revoked-token:*': ['auth'],
  'tokens-not-before:*': ['auth', 'user'],
  'perm-version:*': ['user'],
  'api-key-invalidat*': ['user'],
};

// Who consumes whose durable events (@OnEvent handlers); consumers only read and acknowledge.
const CONSUMES: Record<ProducerName, ProducerName[]> = {
  auth: ['auth', 'user'],
  user: ['auth'],
  notification: ['auth', 'user'],
};

// Commands a stream consumer runs (libs/core/src/events/event-consumer.ts), on others' streams only.
const CONSUMER_COMMANDS = '+xreadgroup +xack +xgroup|create +xpending +xclaim +xinfo|stream';

/** The rules of one service's user in one namespace, without the password. */
export function serviceRules(service: ProducerName, namespace: RedisNamespace): string[] {
  const ns = namespace.name;
  const keys = [
    // Everything the service keeps for itself: stores, caches, transport claims, queues.
    `~${ns}:${service}:*`,
    ...(service === 'notification' ? [`~${ns}:notification.*`] : []),
    ...Object.entries(SHARED_SECURITY_KEYS).map(([pattern, writers]) =>
      writers.includes(service) ? `~${ns}:${pattern}` : `%R~${ns}:${pattern}`,
    ),
    `~${ns}:events:${service}.*`,
    `~${ns}:events:dead-letter:${service}`,
  ];
  const channels = new Set<string>();
  for (const [pattern, senders] of Object.entries(COMMAND_SENDERS)) {
    const owner = pattern.split('.')[0];
    // The receiver reads requests and publishes replies; a sender the other way round.
    if (owner === service || senders.includes(service)) {
      channels.add(`&${namespace.commandChannel(pattern)}`);
      channels.add(`&${namespace.replyChannel(pattern)}`);
    }
  }
  if (service === 'notification') channels.add(`&${namespace.channel('inbox', '*')}`);
  const others = CONSUMES[service].filter((producer) => producer !== service);
  const selector = others.length
    ? [
        `(${others.map((producer) => `~${ns}:events:${producer}.*`).join(' ')} resetchannels -@all ${CONSUMER_COMMANDS})`,
      ]
    : [];
  return [
    'resetkeys',
    'resetchannels',
    ...keys,
    ...[...channels].sort(),
    '-@all',
    '+@read +@write +@keyspace +@string +@hash +@list +@set +@sortedset +@stream +@pubsub',
    '+@transaction +@scripting +@connection +@fast +@slow',
    '-@dangerous +info',
    ...selector,
  ];
}

const hash = (password: string) => `#${createHash('sha256').update(password).digest('hex')}`;

/** The whole ACL file for the given passwords and namespace. */
export function renderAclFile(
  passwords: Record<ProducerName | 'health', string>,
  namespace = new RedisNamespace(DEFAULT_REDIS_NAMESPACE),
): string {
  const lines = [
    'user default off resetkeys resetchannels -@all',
    `user ${aclUserName('health')} on ${hash(passwords.health)} resetkeys resetchannels -@all +ping`,
    ...ACL_SERVICES.map(
      (service) =>
        `user ${aclUserName(service)} on ${hash(passwords[service])} ${serviceRules(service, namespace).join(' ')}`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}

if (require.main === module) {
  const passwords = Object.fromEntries(
    Object.entries(DEVELOPMENT_REDIS_PASSWORDS).map(([name, fallback]) => [
      name,
      process.env[`REDIS_${name.toUpperCase()}_PASSWORD`] ?? fallback,
    ]),
  ) as Record<ProducerName | 'health', string>;
  const namespace = redisNamespaceSchema.safeParse(process.env.REDIS_NAMESPACE || undefined);
  if (!namespace.success) {
    process.stderr.write(`REDIS_NAMESPACE: ${namespace.error.issues[0]?.message}\n`);
    process.exit(1);
  }
  process.stdout.write(renderAclFile(passwords, new RedisNamespace(namespace.data)));
}
