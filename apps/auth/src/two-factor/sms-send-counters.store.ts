import { Inject, Injectable } from '@nestjs/common';
import { REDIS_CLIENT, RedisNamespace, sha256Hex } from '@orion/core';
import type Redis from 'ioredis';

/** The counter a refused text ran into. */
export type SmsCapScope = 'number' | 'account' | 'country' | 'total';

export interface SmsCaps {
  number: number;
  account: number;
  country: number;
  total: number;
}

export interface SmsSend {
  userId: string;
  /** E.164. */
  phoneNumber: string;
  /** Country calling code without the plus, e.g. "43". */
  callingCode: string;
}

const SCOPES: readonly SmsCapScope[] = ['number', 'account', 'country', 'total'];
const DAY_MS = 86_400_000;

// Every counter below its cap: all are counted. One at its cap: none is, and its index is returned.
const COUNT_IF_UNDER_CAPS = `
for i = 1, #KEYS do
  if tonumber(redis.call('GET', KEYS[i]) or '0') >= tonumber(ARGV[i]) then return i end
end
for i = 1, #KEYS do
  redis.call('INCR', KEYS[i])
  redis.call('EXPIRE', KEYS[i], tonumber(ARGV[#KEYS + 1]))
end
return 0`;

/**
 * Texts counted per UTC day in Redis, shared by every replica: per destination number (kept as a
 * hash, not in clear), per account, per country calling code and in total. The day is the UTC
 * date of `now`, so callers (and tests) choose the instant.
 */
@Injectable()
export class SmsSendCountersStore {
  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(RedisNamespace) private readonly namespace: RedisNamespace,
  ) {}

  /** Counts the send when every cap allows it; otherwise the scope of the cap reached. */
  async count(
    send: SmsSend,
    caps: SmsCaps,
    now: Date,
  ): Promise<{ ok: true } | { ok: false; scope: SmsCapScope }> {
    const day = now.toISOString().slice(0, 10);
    const counter = (...parts: string[]) => this.namespace.key('auth', 'sms-sends', day, ...parts);
    const keys = [
      counter('number', sha256Hex(send.phoneNumber)),
      counter('account', send.userId),
      counter('country', send.callingCode),
      counter('total'),
    ];
    // Kept an hour past the day's end, so a clock slightly behind still finds the counter.
    const ttlS = Math.ceil(secondsUntilNextDay(now) + 3600);
    const hit = Number(
      await this.redis.eval(
        COUNT_IF_UNDER_CAPS,
        keys.length,
        ...keys,
        caps.number,
        caps.account,
        caps.country,
        caps.total,
        ttlS,
      ),
    );
    return hit === 0 ? { ok: true } : { ok: false, scope: SCOPES[hit - 1] as SmsCapScope };
  }
}

/** Whole seconds from `now` until the next UTC midnight, at least 1: when the counters start again. */
export function secondsUntilNextDay(now: Date): number {
  const next = Math.floor(now.getTime() / DAY_MS) * DAY_MS + DAY_MS;
  return Math.max(1, Math.ceil((next - now.getTime()) / 1000));
}
