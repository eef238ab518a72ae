/**
 * The one place that names what an installation keeps in Redis. Every key, stream, consumer
 * group's stream, pub/sub channel, transport channel and queue prefix starts with the namespace
 * (REDIS_NAMESPACE), so installations sharing a Redis never read, handle or overwrite each
 * other's. Stores ask it for their keys rather than writing the prefix themselves.
 */
export class RedisNamespace {
  constructor(readonly name: string) {}

  /** `<namespace>:<part>:<part>…`; callers encode parts that come from outside. */
  key(...parts: string[]): string {
    return [this.name, ...parts].join(':');
  }

  /** A pub/sub channel; the same shape as a key, kept apart so ACL channel rules read alike. */
  channel(...parts: string[]): string {
    return this.key(...parts);
  }

  /** The channel a transport command with this message pattern travels on. */
  commandChannel(pattern: string): string {
    return this.channel('commands', pattern);
  }

  /** Where the answers to that command come back (Nest's `<channel>.reply`). */
  replyChannel(pattern: string): string {
    return `${this.commandChannel(pattern)}.reply`;
  }

  /** The message pattern of a command channel of this namespace, undefined for any other channel. */
  patternOfCommandChannel(channel: string): string | undefined {
    const prefix = this.commandChannel('');
    return channel.startsWith(prefix) ? channel.slice(prefix.length) : undefined;
  }

  /** BullMQ's `prefix`: its keys become `<namespace>:<queue>:…`. */
  get queuePrefix(): string {
    return this.name;
  }
}
