import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Clock } from '@orion/core';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AUTH_CONFIG, AuthConfig } from '../config/auth.config';
import { MaintenanceRepository, SWEEPS, SweepName } from './maintenance.repository';

export type SweepReport = Record<SweepName, number>;

const BATCH_SIZE = 1000;
const INTERVAL_NAME = 'auth-maintenance-sweep';
const DAY_MS = 86_400_000;

/**
 * Removes rows that can no longer matter: expired, used or replaced password resets, tokens of
 * families ended longer ago than the retention, old login attempts, blacklist entries of expired
 * tokens, and handled or published events older than their retention. Runs every
 * CLEANUP_INTERVAL_S (0 turns it off); `sweep()` can also be called directly.
 */
@Injectable()
export class MaintenanceService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(MaintenanceService.name);
  private running = false;

  constructor(
    private readonly clock: Clock,
    private readonly repository: MaintenanceRepository,
    private readonly scheduler: SchedulerRegistry,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
  ) {}

  onApplicationBootstrap(): void {
    const { intervalS } = this.config.account.cleanup;
    if (intervalS === 0) return;
    const timer = setInterval(() => void this.scheduledSweep(), intervalS * 1000);
    // A sweep never keeps the process alive on its own.
    timer.unref();
    this.scheduler.addInterval(INTERVAL_NAME, timer);
  }

  onModuleDestroy(): void {
    if (this.scheduler.doesExist('interval', INTERVAL_NAME)) this.scheduler.deleteInterval(INTERVAL_NAME);
  }

  async sweep(now = this.clock.now()): Promise<SweepReport> {
    const { cleanup } = this.config.account;
    const daysAgo = (days: number) => new Date(now.getTime() - days * DAY_MS);
    const cutoffs: Record<SweepName, Date> = {
      passwordResets: now,
      authTokens: daysAgo(cleanup.tokenRetentionDays),
      loginAttempts: daysAgo(cleanup.loginAttemptRetentionDays),
      sessionBlacklist: now,
      processedEvents: daysAgo(cleanup.eventRetentionDays),
      outboxEvents: daysAgo(cleanup.eventRetentionDays),
    };
    const report = {} as SweepReport;
    for (const name of Object.keys(SWEEPS) as SweepName[]) {
      report[name] = 0;
      for (;;) {
        const deleted = await this.repository.deleteBatch(name, cutoffs[name], BATCH_SIZE);
        report[name] += deleted;
        if (deleted < BATCH_SIZE) break;
      }
    }
    return report;
  }

  private async scheduledSweep(): Promise<void> {
    // A slow sweep is not started twice in one process.
    if (this.running) return;
    this.running = true;
    try {
      const report = await this.sweep();
      this.logger.log({ deleted: report }, 'Maintenance sweep done');
    } catch (error) {
      this.logger.error(`Maintenance sweep failed: ${(error as Error).message}`);
    } finally {
      this.running = false;
    }
  }
}
