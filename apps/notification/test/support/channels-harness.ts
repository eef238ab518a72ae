import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { CoreModule, loadServiceConfig, REDIS_CLIENT, RedisNamespace } from '@orion/core';
import {
  createMigratedDatabase,
  dropTestDatabase,
  eventually,
  freshNamespace,
  LOOPBACK_SINKS_ENV,
} from '@orion/testing';
import type Redis from 'ioredis';
import type { AttemptReport, OutgoingMessage } from '../../src/channels/channel-provider';
import { ChannelDispatcherService } from '../../src/channels/channel-dispatcher.service';
import { ChannelsModule } from '../../src/channels/channels.module';
import { PrismaService } from '../../src/database/prisma.service';
import { TransactionRunner } from '../../src/database/transaction.runner';

/**
 * The channels module on its own: real database, real Redis, providers configured from `env`
 * exactly as at boot. Enough to drive the dispatcher against the real sinks.
 */
export class ChannelsHarness {
  private sequence = 0;

  private constructor(
    readonly context: INestApplicationContext,
    private readonly database: { name: string; url: string },
  ) {}

  static async start(env: Record<string, string>): Promise<ChannelsHarness> {
    const database = await createMigratedDatabase('notification', 'orion_channels');
    const config = loadServiceConfig('notification', {
      NODE_ENV: 'test',
      LOG_LEVEL: 'error',
      NOTIFICATION_DATABASE_URL: database.url,
      REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
      REDIS_NAMESPACE: freshNamespace(),
    });
    // The channels read their settings from the environment at boot, as in production.
    const saved = { ...process.env };
    // The sinks listen on loopback: allowed here explicitly (NO_OUTBOUND_ALLOWANCE_ENV undoes it).
    Object.assign(process.env, { NODE_ENV: 'test' }, LOOPBACK_SINKS_ENV, env);
    try {
      const moduleRef = await Test.createTestingModule({
        imports: [
          CoreModule.forService({ config, prisma: PrismaService, transactions: TransactionRunner }),
          ChannelsModule,
        ],
      }).compile();
      const context = await moduleRef.init();
      // Redis connects in the background; rate limits should meet the real one, not the fallback.
      const redis = context.get<Redis>(REDIS_CLIENT);
      await eventually(() => redis.status === 'ready', 'Redis to be ready', {
        timeoutMs: 10_000,
        intervalMs: 25,
      });
      return new ChannelsHarness(context, database);
    } finally {
      process.env = saved;
    }
  }

  get<T>(type: new (...args: never[]) => T): T {
    return this.context.get(type);
  }

  get redis(): Redis {
    return this.context.get<Redis>(REDIS_CLIENT);
  }

  /** Where the channels keep their keys (REDIS_NAMESPACE, this harness's own). */
  get namespace(): RedisNamespace {
    return this.context.get(RedisNamespace);
  }

  /**
   * A message with fresh ids; `overrides` set the channel, recipient and content. Sent by the
   * platform unless `overrides.sender` names a caller.
   */
  message(overrides: Partial<OutgoingMessage> & Pick<OutgoingMessage, 'channel' | 'to'>): OutgoingMessage {
    this.sequence += 1;
    const run = `${process.pid}-${Date.now()}-${this.sequence}`;
    return {
      notificationId: `00000000-0000-4000-8000-${String(this.sequence).padStart(12, '0')}`,
      text: 'Your code is 123456',
      idempotencyKey: `test-${run}`,
      attempt: 1,
      ...overrides,
      sender: overrides.sender ?? { kind: 'platform' },
    };
  }

  /** Dispatches and collects every attempt report; `outcome` is the receipt or the error thrown. */
  async dispatch(m: OutgoingMessage): Promise<{ reports: AttemptReport[]; outcome: unknown }> {
    const reports: AttemptReport[] = [];
    const dispatcher = this.context.get(ChannelDispatcherService);
    const outcome = await dispatcher
      .dispatch(m, async (report) => {
        reports.push(report);
      })
      .catch((error: unknown) => error);
    return { reports, outcome };
  }

  async stop(): Promise<void> {
    await this.context.close();
    await dropTestDatabase(this.database.name);
  }
}
