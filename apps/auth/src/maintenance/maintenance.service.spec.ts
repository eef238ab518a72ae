import { SchedulerRegistry } from '@nestjs/schedule';
import { SYSTEM_CLOCK } from '@orion/core';
import { AuthConfig } from '../config/auth.config';
import { MaintenanceRepository } from './maintenance.repository';
import { MaintenanceService } from './maintenance.service';

function serviceWith(intervalS: number, deleted: number[] = []) {
  const calls: Array<{ name: string; cutoff: Date }> = [];
  const repository = {
    deleteBatch: async (name: string, cutoff: Date) => {
      calls.push({ name, cutoff });
      return deleted.shift() ?? 0;
    },
  } as unknown as MaintenanceRepository;
  const config = {
    account: {
      cleanup: {
        intervalS,
        loginAttemptRetentionDays: 90,
        tokenRetentionDays: 30,
        eventRetentionDays: 7,
        revocationReconcileIntervalS: 60,
      },
    },
  } as AuthConfig;
  const scheduler = new SchedulerRegistry();
  return { service: new MaintenanceService(SYSTEM_CLOCK, repository, scheduler, config), scheduler, calls };
}

describe('MaintenanceService', () => {
  it('schedules the sweep every CLEANUP_INTERVAL_S and stops it on shutdown', () => {
    const { service, scheduler } = serviceWith(60);
    service.onApplicationBootstrap();
    expect(scheduler.getIntervals()).toEqual(['auth-maintenance-sweep']);
    service.onModuleDestroy();
    expect(scheduler.getIntervals()).toEqual([]);
  });

  it('schedules nothing when the interval is 0', () => {
    const { service, scheduler } = serviceWith(0);
    service.onApplicationBootstrap();
    expect(scheduler.getIntervals()).toEqual([]);
  });

  it('keeps deleting a table while batches come back full, with each table’s retention', async () => {
    const { service, calls } = serviceWith(0, [1000, 1000, 3]);
    const now = new Date('2026-06-01T00:00:00Z');
    const report = await service.sweep(now);
    expect(report.passwordResets).toBe(2003);
    expect(calls.filter((call) => call.name === 'passwordResets')).toHaveLength(3);
    const cutoff = (name: string) => calls.find((call) => call.name === name)?.cutoff.toISOString();
    expect(cutoff('loginAttempts')).toBe('2026-03-03T00:00:00.000Z');
    expect(cutoff('authTokens')).toBe('2026-05-02T00:00:00.000Z');
    expect(cutoff('processedEvents')).toBe('2026-05-25T00:00:00.000Z');
    expect(cutoff('sessionBlacklist')).toBe(now.toISOString());
  });
});
