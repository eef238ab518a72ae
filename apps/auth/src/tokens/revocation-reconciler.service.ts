import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Clock } from '@orion/core';
import { AUTH_CONFIG, AuthConfig } from '../config/auth.config';
import { RevocationListStore } from './revocation-list.store';
import { TokenFamiliesRepository } from './token-families.repository';

const BATCH = 500;
const INTERVAL_NAME = 'auth-revocation-reconcile';
const START_WAIT_MS = 5000;

/**
 * Keeps the Redis deny-list, which every service's verifier reads, true to session_blacklist,
 * which is written in the same transaction as each revocation. Runs at start-up (a Redis that
 * lost its data, or a write that failed after the commit, is repaired before the first request)
 * and then every REVOCATION_RECONCILE_INTERVAL_S. Rewriting an entry that is there changes nothing.
 */
@Injectable()
export class RevocationReconcilerService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RevocationReconcilerService.name);
  private running = false;

  constructor(
    private readonly clock: Clock,
    private readonly tokens: TokenFamiliesRepository,
    private readonly scheduler: SchedulerRegistry,
    private readonly denials: RevocationListStore,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // The client connects while the app starts; without an offline queue a command sent earlier fails.
    await this.denials.whenReady(START_WAIT_MS);
    await this.scheduledReconcile();
    const intervalS = this.config.account.cleanup.revocationReconcileIntervalS;
    if (intervalS === 0) return;
    const timer = setInterval(() => void this.scheduledReconcile(), intervalS * 1000);
    timer.unref();
    this.scheduler.addInterval(INTERVAL_NAME, timer);
  }

  onModuleDestroy(): void {
    if (this.scheduler.doesExist('interval', INTERVAL_NAME)) this.scheduler.deleteInterval(INTERVAL_NAME);
  }

  /** Copies every unexpired denial into Redis; returns how many were written. */
  async reconcile(now = this.clock.now()): Promise<number> {
    let afterId: string | null = null;
    let written = 0;
    for (;;) {
      const page = await this.tokens.liveDenials(now, afterId, BATCH);
      await this.denials.deny(page);
      written += page.length;
      if (page.length < BATCH) return written;
      afterId = page[page.length - 1]!.id;
    }
  }

  private async scheduledReconcile(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const written = await this.reconcile();
      if (written > 0) this.logger.log({ written }, 'revocations restored to Redis');
    } catch (error) {
      // Redis or the database is down: the next round tries again; readiness reports the outage.
      this.logger.error(`Revocation reconcile failed: ${(error as Error).message}`);
    } finally {
      this.running = false;
    }
  }
}
