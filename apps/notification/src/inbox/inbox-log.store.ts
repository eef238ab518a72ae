import { Inject, Injectable } from '@nestjs/common';
import { REDIS_CLIENT, RedisNamespace } from '@orion/core';
import type Redis from 'ioredis';
import { INBOX_CONFIG, InboxConfig } from './inbox.config';
import type { LoggedItem } from './inbox-stream-order';

const logKey = (ns: RedisNamespace, userId: string) => ns.key('notification', 'inbox-log', userId);
const positionsKey = (ns: RedisNamespace, userId: string) =>
  ns.key('notification', 'inbox-log-positions', userId);

// One script logs and publishes, so live messages reach subscribers in log order and every item
// is either in the log before a reader looks or published after its subscription stands. An item
// logged already (a retried delivery) keeps its place; the log keeps its newest ARGV[3] entries.
const APPEND = `
local entry = redis.call('HGET', KEYS[2], ARGV[1])
if not entry then
  entry = redis.call('XADD', KEYS[1], '*', 'id', ARGV[1], 'item', ARGV[2])
  redis.call('HSET', KEYS[2], ARGV[1], entry)
  local excess = redis.call('XLEN', KEYS[1]) - tonumber(ARGV[3])
  if excess > 0 then
    for _, old in ipairs(redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', excess)) do
      redis.call('XDEL', KEYS[1], old[1])
      redis.call('HDEL', KEYS[2], old[2][2])
    end
  end
end
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('PEXPIRE', KEYS[2], ARGV[4])
local listeners = redis.call('PUBLISH', ARGV[5], '{"entry":"' .. entry .. '","item":' .. ARGV[2] .. '}')
return {entry, listeners}`;

// Nil when the item is not in this user's log (unknown, trimmed, expired or another user's).
const AFTER = `
local entry = redis.call('HGET', KEYS[2], ARGV[1])
if not entry then return false end
return redis.call('XRANGE', KEYS[1], '(' .. entry, '+')`;

type StreamEntry = [entry: string, fields: string[]];

/**
 * Each user's recent inbox items in delivery order: a Redis stream (entry id, item id, item JSON)
 * plus a hash from item id to entry id. The stream ids order the items exactly as they were
 * published; the item id a client holds finds its place, and only in the caller's own log.
 */
@Injectable()
export class InboxLogStore {
  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(RedisNamespace) private readonly namespace: RedisNamespace,
    @Inject(INBOX_CONFIG) private readonly options: InboxConfig,
  ) {}

  /** Logs the item and publishes `{entry, item}` on `channel`; resolves to how many instances listen. */
  async append(userId: string, itemId: string, itemJson: string, channel: string): Promise<number> {
    const [, listeners] = (await this.redis.eval(
      APPEND,
      2,
      logKey(this.namespace, userId),
      positionsKey(this.namespace, userId),
      itemId,
      itemJson,
      // The item a client last saw plus the replayMax after it.
      this.options.replayMax + 1,
      this.options.replayTtlMs,
      channel,
    )) as [string, number];
    return listeners;
  }

  /** The user's items logged after `itemId`, oldest first; undefined when it is not in their log. */
  async after(userId: string, itemId: string): Promise<LoggedItem[] | undefined> {
    const entries = (await this.redis.eval(
      AFTER,
      2,
      logKey(this.namespace, userId),
      positionsKey(this.namespace, userId),
      itemId,
    )) as StreamEntry[] | null;
    return entries?.map(([entry, fields]) => ({ entry, itemId: fields[1]!, data: fields[3]! }));
  }
}
