import { Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import { EventDispatcher } from './event-dispatcher';
import { backoffMs, sleep } from './interruptible-sleep';
import { trimAcknowledged } from './stream-retention';

export interface EventConsumerOptions {
  group: string;
  /** Unique per process: a restarted process is a new consumer and takes over by claiming. */
  consumerName: string;
  streams: string[];
  redis: Redis;
  dispatcher: EventDispatcher;
  claimIdleMs: number;
  /** How often acknowledged entries are trimmed from the streams; 0: never. */
  trimIntervalMs?: number;
}

type StreamReply = [stream: string, entries: [id: string, fields: string[]][]][];
type PendingEntry = [id: string, consumer: string, idleMs: number, deliveries: number];

const READ_COUNT = 20;
const CLAIM_SCAN_COUNT = 100;

/**
 * Reads the service's subscribed streams as one consumer of its group: new messages with
 * XREADGROUP BLOCK, and, on start and then every half idle threshold, messages another
 * consumer took and never acknowledged (it crashed, or its handler failed) with XPENDING and
 * XCLAIM, which also tell how often each was delivered.
 */
export class EventConsumer {
  private readonly logger = new Logger('EventConsumer');
  private readonly stopping = new AbortController();
  private loop: Promise<void> | undefined;
  private reading = false;

  constructor(private readonly options: EventConsumerOptions) {}

  start(): void {
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    // Ends a blocking read at once; a message being handled is finished first.
    if (this.reading) this.options.redis.disconnect();
    await this.loop;
    this.options.redis.disconnect();
  }

  private get blockMs(): number {
    return Math.max(50, Math.min(2000, Math.floor(this.options.claimIdleMs / 2)));
  }

  private async run(): Promise<void> {
    const signal = this.stopping.signal;
    let failures = 0;
    let groupsReady = false;
    let nextClaimAt = 0;
    let nextTrimAt = 0;
    while (!signal.aborted) {
      try {
        if (this.options.redis.status === 'wait') await this.options.redis.connect();
        if (!groupsReady) groupsReady = await this.createGroups();
        // Intervals between chores: a monotonic clock, not the rules' Clock.
        if (performance.now() >= nextClaimAt) {
          await this.claimAbandoned();
          nextClaimAt = performance.now() + this.blockMs;
        }
        await this.readNew();
        if (this.options.trimIntervalMs && performance.now() >= nextTrimAt) {
          await this.trimAcknowledged();
          nextTrimAt = performance.now() + this.options.trimIntervalMs;
        }
        failures = 0;
      } catch (error) {
        if (signal.aborted) break;
        failures += 1;
        // The stream or group may have been deleted: create them again before reading.
        if ((error as Error).message.includes('NOGROUP')) groupsReady = false;
        const pause = backoffMs(failures, 200);
        this.logger.warn(`Event consumer failed (${(error as Error).message}); retrying in ${pause} ms`);
        await sleep(pause, signal);
      }
    }
  }

  /** '0' so a new group also receives what was published before it existed (consumer was down). */
  private async createGroups(): Promise<boolean> {
    for (const stream of this.options.streams) {
      try {
        await this.options.redis.xgroup('CREATE', stream, this.options.group, '0', 'MKSTREAM');
      } catch (error) {
        if (!(error as Error).message.includes('BUSYGROUP')) throw error;
      }
    }
    return true;
  }

  private async readNew(): Promise<void> {
    const { redis, group, consumerName, streams, dispatcher } = this.options;
    this.reading = true;
    const reply = (await redis
      .xreadgroup(
        'GROUP',
        group,
        consumerName,
        'COUNT',
        READ_COUNT,
        'BLOCK',
        this.blockMs,
        'STREAMS',
        ...streams,
        ...streams.map(() => '>'),
      )
      .finally(() => (this.reading = false))) as StreamReply | null;
    for (const [stream, entries] of reply ?? []) {
      for (const [entryId, fields] of entries) {
        if (this.stopping.signal.aborted) return;
        await dispatcher.dispatch(stream, entryId, fields, 1);
      }
    }
  }

  /**
   * Deletes what every group has acknowledged, so handled events (and any personal data in
   * them) do not stay in Redis until MAXLEN pushes them out.
   */
  async trimAcknowledged(): Promise<number> {
    let trimmed = 0;
    for (const stream of this.options.streams) {
      try {
        trimmed += await trimAcknowledged(this.options.redis, stream);
      } catch (error) {
        // Under the Redis ACL only a stream's producer may trim it: a refusal here must not slow
        // the reading of events, which is what this loop is for.
        this.logger.warn({ stream, err: error }, 'Could not trim acknowledged events');
      }
    }
    return trimmed;
  }

  private async claimAbandoned(): Promise<void> {
    const { redis, group, consumerName, streams, dispatcher, claimIdleMs } = this.options;
    for (const stream of streams) {
      const pending = (await redis.xpending(
        stream,
        group,
        'IDLE',
        claimIdleMs,
        '-',
        '+',
        CLAIM_SCAN_COUNT,
      )) as PendingEntry[];
      for (const [entryId, , , deliveries] of pending) {
        if (this.stopping.signal.aborted) return;
        // Only one consumer wins the claim; it also counts as the next delivery.
        const claimed = (await redis.xclaim(stream, group, consumerName, claimIdleMs, entryId)) as [
          string,
          string[] | null,
        ][];
        const fields = claimed[0]?.[1];
        if (!fields) continue;
        await dispatcher.dispatch(stream, entryId, fields, deliveries + 1);
      }
    }
  }
}
