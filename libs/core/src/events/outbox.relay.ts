import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import Redis from 'ioredis';
import { SERVICE_CONFIG, ServiceConfig } from '../config/service-config';
import { REDIS_CLIENT } from '../redis/redis.module';
import { RedisNamespace } from '../redis/redis-namespace';
import { EVENT_DATABASE, EventDatabase, EventTransaction } from './event-database';
import { encodeStreamEntry, eventStreamName, EventMeta } from './event-stream';
import { backoffMs, sleep } from './interruptible-sleep';

interface OutboxRow {
  id: string;
  name: string;
  payload: unknown;
  meta: EventMeta;
  occurred_at: Date;
}

export interface RelayResult {
  published: number;
  failed: number;
}

// Redis calls run while the rows stay locked; a stuck call must not hold them for long.
const TRANSACTION_TIMEOUT_MS = 30_000;

/**
 * Copies committed outbox rows to their event streams. Rows are claimed with FOR UPDATE SKIP
 * LOCKED and stay locked until marked published, so several replicas share the work and each
 * row is added once. A crash after XADD and before the commit republishes the row later; the
 * consumers' inboxes drop the second copy.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('OutboxRelay');
  private readonly stopping = new AbortController();
  private loop: Promise<void> | undefined;

  constructor(
    @Inject(EVENT_DATABASE) private readonly database: EventDatabase,
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(RedisNamespace) private readonly namespace: RedisNamespace,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.events.relayEnabled) this.loop = this.run();
    else this.logger.warn('Outbox relay disabled (OUTBOX_RELAY_ENABLED=false): events stay in the outbox');
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping.abort();
    await this.loop;
  }

  /** One claim-publish-mark round; the loop calls it, tests may too. */
  relayOnce(): Promise<RelayResult> {
    return this.database.$transaction((tx) => this.relayBatch(tx), {
      maxWait: this.config.database.connectTimeoutMs,
      timeout: TRANSACTION_TIMEOUT_MS,
    });
  }

  private async run(): Promise<void> {
    const { pollIntervalMs, batchSize } = this.config.events;
    let failures = 0;
    while (!this.stopping.signal.aborted) {
      let pause = pollIntervalMs;
      try {
        const result = await this.relayOnce();
        if (result.failed > 0) throw new Error(`${result.failed} event(s) not added to their streams`);
        failures = 0;
        // A full batch means more rows are waiting: go on without pausing.
        if (result.published === batchSize) pause = 0;
      } catch (error) {
        if (this.stopping.signal.aborted) break;
        failures += 1;
        pause = backoffMs(failures, pollIntervalMs);
        this.logger.warn(`Outbox relay failed (${(error as Error).message}); retrying in ${pause} ms`);
      }
      await sleep(pause, this.stopping.signal);
    }
  }

  private async relayBatch(tx: EventTransaction): Promise<RelayResult> {
    const rows = await tx.$queryRawUnsafe<OutboxRow[]>(
      `SELECT id::text AS id, name, payload, meta, occurred_at FROM outbox_events
       WHERE published_at IS NULL ORDER BY occurred_at, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      this.config.events.batchSize,
    );
    if (rows.length === 0) return { published: 0, failed: 0 };
    const errors = await this.addToStreams(rows);
    const published = rows.filter((_row, index) => errors[index] === undefined);
    if (published.length > 0) {
      await tx.$executeRawUnsafe(
        `UPDATE outbox_events SET published_at = now() WHERE id IN (${placeholders(published.length)})`,
        ...published.map((row) => row.id),
      );
    }
    for (const [index, row] of rows.entries()) {
      const error = errors[index];
      if (error === undefined) continue;
      await tx.$executeRawUnsafe(
        `UPDATE outbox_events SET publish_attempts = publish_attempts + 1, last_error = $2 WHERE id = $1::uuid`,
        row.id,
        error,
      );
    }
    return { published: published.length, failed: rows.length - published.length };
  }

  /** One XADD per row in one round trip; returns the error text per row, undefined if added. */
  private async addToStreams(rows: OutboxRow[]): Promise<(string | undefined)[]> {
    const pipeline = this.redis.pipeline();
    for (const row of rows) {
      const entry = encodeStreamEntry({ ...row, occurredAt: row.occurred_at });
      const maxLength = String(this.config.events.streamMaxLength);
      pipeline.xadd(eventStreamName(this.namespace, row.name), 'MAXLEN', '~', maxLength, '*', ...entry);
    }
    try {
      const results = (await pipeline.exec()) ?? [];
      return rows.map(
        (_row, index) => results[index]?.[0]?.message ?? (results[index] ? undefined : 'no reply'),
      );
    } catch (error) {
      return rows.map(() => (error as Error).message);
    }
  }
}

function placeholders(count: number): string {
  return Array.from({ length: count }, (_value, index) => `$${index + 1}::uuid`).join(', ');
}
