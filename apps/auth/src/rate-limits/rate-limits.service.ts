import { Inject, Injectable, Logger } from '@nestjs/common';
import { REDIS_CLIENT } from '@orion/core';
import type Redis from 'ioredis';
import { createHash } from 'node:crypto';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AUTH_CONFIG, AuthConfig } from '../config/auth-config';
import { RateLimitedError } from './rate-limits.errors';
import { RateLimitsRepository } from './rate-limits.repository';
import { RateLimitRule } from './rate-limit.types';

interface Limiter {
  rule: RateLimitRule;
  limiter: RateLimiterRedis;
}

// Subjects may be e-mail addresses: only their hash reaches Redis.
const hashedSubject = (subject: string): string => createHash('sha256').update(subject).digest('base64url');

const signatureOf = (rule: RateLimitRule): string =>
  `${rule.limit}/${rule.windowSeconds}/${rule.blockDurationSeconds}`;

/**
 * Counts requests per rule and subject in Redis, so every instance of the service shares the
 * counters. Rules come from the rate_limits table and are re-read every RATE_LIMIT_RULES_REFRESH_S;
 * a rule that is missing or disabled limits nothing.
 */
@Injectable()
export class RateLimitsService {
  private readonly logger = new Logger(RateLimitsService.name);
  private limiters = new Map<string, Limiter>();
  private loadedAt = 0;
  private loading: Promise<void> | null = null;

  constructor(
    private readonly rules: RateLimitsRepository,
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
  ) {}

  /** The rule, if enabled. */
  async rule(key: string): Promise<RateLimitRule | undefined> {
    await this.refresh();
    return this.limiters.get(key)?.rule;
  }

  /** Counts one request of `subject` under the rule; throws RateLimitedError when over it. */
  async consume(key: string, subject: string): Promise<void> {
    await this.refresh();
    const entry = this.limiters.get(key);
    if (!entry) return;
    try {
      await entry.limiter.consume(hashedSubject(subject));
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
    await entry.limiter.delete(hashedSubject(subject));
  }

  /** Lifts what `subject` has used of the rule (an administrator's unlock); true if it was over it. */
  async release(key: string, subject: string): Promise<boolean> {
    await this.refresh();
    const entry = this.limiters.get(key);
    if (!entry) return false;
    const state = await entry.limiter.get(hashedSubject(subject));
    await entry.limiter.delete(hashedSubject(subject));
    return state !== null && state.consumedPoints > entry.rule.limit;
  }

  private async refresh(): Promise<void> {
    const maxAgeMs = this.config.defence.rateLimitRulesRefreshS * 1000;
    if (this.loadedAt > 0 && Date.now() - this.loadedAt < maxAgeMs) return;
    this.loading ??= this.load().finally(() => (this.loading = null));
    await this.loading;
  }

  private async load(): Promise<void> {
    const rules = await this.rules.enabledRules();
    const next = new Map<string, Limiter>();
    for (const rule of rules) {
      const current = this.limiters.get(rule.key);
      if (current && signatureOf(current.rule) === signatureOf(rule)) {
        next.set(rule.key, current);
        continue;
      }
      const limiter = new RateLimiterRedis({
        storeClient: this.redis,
        // A changed rule starts fresh counters rather than misreading the old ones.
        keyPrefix: `orion:auth:rate:${rule.key}:${signatureOf(rule)}`,
        points: rule.limit,
        duration: rule.windowSeconds,
        blockDuration: rule.blockDurationSeconds,
        // While Redis is unreachable each instance counts on its own instead of failing requests.
        insuranceLimiter: new RateLimiterMemory({
          keyPrefix: rule.key,
          points: rule.limit,
          duration: rule.windowSeconds,
          blockDuration: rule.blockDurationSeconds,
        }),
      });
      next.set(rule.key, { rule, limiter });
    }
    this.limiters = next;
    this.loadedAt = Date.now();
  }
}
