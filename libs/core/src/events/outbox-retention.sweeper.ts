import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
  Optional,
} from '@nestjs/common';
import { Clock, SYSTEM_CLOCK } from '../clock/clock';
import { SERVICE_CONFIG, ServiceConfig } from '../config/service-config';
import { EVENT_DATABASE, EventDatabase } from './event-database';

const PURGE_BATCH = 1000;

/**
 * Deletes published outbox rows once OUTBOX_RETENTION_S has passed, every
 * OUTBOX_PURGE_INTERVAL_S, in every service that publishes events. The default retention (60 s)
 * is shorter than the lifetime of any secret an event may carry, so even a sealed link or code
 * is gone from the database long before it would stop working. Unpublished rows always stay.
 */
@Injectable()
export class OutboxRetention implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('OutboxRetention');
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    @Inject(EVENT_DATABASE) private readonly database: EventDatabase,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Optional() private readonly clock: Clock = SYSTEM_CLOCK,
  ) {}

  onApplicationBootstrap(): void {
    const { outboxPurgeIntervalMs } = this.config.events;
    if (outboxPurgeIntervalMs === 0) return;
    this.timer = setInterval(() => void this.scheduledPurge(), outboxPurgeIntervalMs);
    // A purge never keeps the process alive on its own.
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** Deletes rows published before `now` minus the retention; returns how many went. */
  async purge(now = this.clock.now()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.config.events.outboxRetentionMs);
    let deleted = 0;
    for (;;) {
      // SKIP LOCKED: the relay's claimed rows and another replica's purge are left alone.
      const batch = await this.database.$executeRawUnsafe(
        `DELETE FROM outbox_events WHERE id IN (
           SELECT id FROM outbox_events WHERE published_at IS NOT NULL AND published_at < $1
            LIMIT $2 FOR UPDATE SKIP LOCKED)`,
        cutoff,
        PURGE_BATCH,
      );
      deleted += batch;
      if (batch < PURGE_BATCH) return deleted;
    }
  }

  private async scheduledPurge(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const deleted = await this.purge();
      if (deleted > 0) this.logger.log({ deleted }, 'published outbox rows purged');
    } catch (error) {
      this.logger.warn(`Outbox purge failed: ${(error as Error).message}`);
    } finally {
      this.running = false;
    }
  }
}
