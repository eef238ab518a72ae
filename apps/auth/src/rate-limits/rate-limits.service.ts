import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock, sha256Base64Url } from '@orion/core';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AUTH_CONFIG, AuthConfig } from '../config/auth.config';
import { addressBucket } from './address-bucket';
import { RateLimitCountersStore, signatureOf } from './rate-limit-counters.store';
import { DEFAULT_RATE_LIMITS } from './rate-limit-defaults';
import { RateLimitedError, RateLimitsUnavailableError } from './rate-limits.errors';
import { RateLimitsRepository } from './rate-limits.repository';
import { RATE_LIMIT_SCOPES, RateLimitOverride, RateLimitRule } from './rate-limit.types';

interface Limiter {
  rule: RateLimitRule;
  limiter: RateLimiterRedis;
}

/** How long a client refused because the rules cannot be read is asked to wait. */
const UNAVAILABLE_RETRY_AFTER_S = 5;

// Subjects may be e-mail addresses: only their hash reaches Redis.
const hashedSubject = (subject: string): string => sha256Base64Url(subject);

/**
 * The rules in force: the code's defaults (DEFAULT_RATE_LIMITS), each changed by its row of
 * rate_limits if there is one; null for a rule a row turns off. The code decides a default rule's
 * scope (whom it counts); a row only changes the numbers. A row for a key the code does not know
 * adds a rule.
 */
export function effectiveRules(overrides: readonly RateLimitOverride[]): Map<string, RateLimitRule | null> {
  const rules = new Map<string, RateLimitRule | null>(DEFAULT_RATE_LIMITS.map((d) => [d.key, pick(d)]));
  for (const row of overrides) {
    const base = DEFAULT_RATE_LIMITS.find((d) => d.key === row.key);
    if (!base && !(RATE_LIMIT_SCOPES as readonly string[]).includes(row.scope)) continue;
    rules.set(row.key, row.enabled ? pick({ ...row, scope: base?.scope ?? row.scope }) : null);
  }
  return rules;
}

const pick = ({ key, scope, limit, windowSeconds, blockDurationSeconds }: RateLimitRule): RateLimitRule => ({
  key,
  scope,
  limit,
  windowSeconds,
  blockDurationSeconds,
});

/**
 * Counts requests per rule and subject in Redis, so every instance of the service shares the
 * counters. Rules are the code's defaults with the rate_limits rows over them, re-read every
 * RATE_LIMIT_RULES_REFRESH_S. A rule nobody defines, or any rule before the rows could be read
 * once, refuses the request (503 RATE_LIMITS_UNAVAILABLE); a later failed re-read keeps the
 * rules last read. Addresses are counted per IPv6 network (RATE_LIMIT_IPV6_PREFIX).
 */
@Injectable()
export class RateLimitsService {
  private readonly logger = new Logger(RateLimitsService.name);
  /** null: turned off by its row. */
  private limiters = new Map<string, Limiter | null>();
  private loadedAt = 0;
  private loading: Promise<void> | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly rules: RateLimitsRepository,
    private readonly counters: RateLimitCountersStore,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
  ) {}

  /** The rule, or undefined when its row turns it off. */
  async rule(key: string): Promise<RateLimitRule | undefined> {
    return (await this.entry(key))?.rule;
  }

  /** Counts one request of `subject` under the rule; throws RateLimitedError when over it. */
  async consume(key: string, subject: string): Promise<void> {
    const entry = await this.entry(key);
    if (!entry) return;
    try {
      await entry.limiter.consume(this.counted(entry.rule, subject));
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      const retryAfter = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
      this.logger.warn({ rule: key, scope: entry.rule.scope, retryAfter }, 'Rate limit exceeded');
      throw new RateLimitedError(key, retryAfter);
    }
  }

  /**
   * Clears what `subject` has used of the rule: a completed sign-in ends the count of guesses on
   * its address, so only failures add up and a user who signs in often is never throttled.
   */
  async forgive(key: string, subject: string): Promise<void> {
    const entry = this.limiters.get(key);
    if (!entry) return;
    await entry.limiter.delete(this.counted(entry.rule, subject));
  }

  /** Lifts what `subject` has used of the rule (an administrator's unlock); true if it was over it. */
  async release(key: string, subject: string): Promise<boolean> {
    const entry = await this.entry(key);
    if (!entry) return false;
    const counted = this.counted(entry.rule, subject);
    const state = await entry.limiter.get(counted);
    await entry.limiter.delete(counted);
    return state !== null && state.consumedPoints > entry.rule.limit;
  }

  /** The Redis subject: hashed, and for addresses the IPv4 address or the IPv6 network. */
  private counted(rule: RateLimitRule, subject: string): string {
    const address = rule.scope === 'ip' || (rule.scope === 'client' && !subject.startsWith('key:'));
    return hashedSubject(address ? addressBucket(subject, this.config.defence.rateLimitIpv6Prefix) : subject);
  }

  private async entry(key: string): Promise<Limiter | null> {
    await this.refresh(key);
    const entry = this.limiters.get(key);
    if (entry === undefined) {
      this.logger.error({ rule: key }, 'Rate-limit rule defined nowhere; refusing the request');
      throw new RateLimitsUnavailableError(key, UNAVAILABLE_RETRY_AFTER_S);
    }
    return entry;
  }

  private async refresh(key: string): Promise<void> {
    const maxAgeMs = this.config.defence.rateLimitRulesRefreshS * 1000;
    if (this.loadedAt > 0 && this.clock.now().getTime() - this.loadedAt < maxAgeMs) return;
    this.loading ??= this.load().finally(() => (this.loading = null));
    try {
      await this.loading;
    } catch (error) {
      if (this.loadedAt === 0) {
        this.logger.error({ err: error, rule: key }, 'Rate-limit rules cannot be read; refusing the request');
        throw new RateLimitsUnavailableError(key, UNAVAILABLE_RETRY_AFTER_S);
      }
      this.logger.warn({ err: error }, 'Rate-limit rules cannot be re-read; keeping the rules last read');
    }
  }

  private async load(): Promise<void> {
    const next = new Map<string, Limiter | null>();
    for (const [key, rule] of effectiveRules(await this.rules.overrides())) {
      const current = this.limiters.get(key);
      if (!rule) next.set(key, null);
      else if (current && signatureOf(current.rule) === signatureOf(rule)) next.set(key, current);
      else next.set(key, { rule, limiter: this.counters.limiterFor(rule) });
    }
    this.limiters = next;
    this.loadedAt = this.clock.now().getTime();
  }
}
