import { randomUUID } from 'node:crypto';
import type { DynamicModule, ForwardReference, Provider, Type } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import {
  Clock,
  CoreModule,
  DatabaseProbe,
  EventPublisher,
  InvalidEventPayloadError,
  loadServiceConfig,
  ServiceConfig,
} from '@orion/core';
import { describeInvalidFields, validateEventPayload } from '@orion/core/events/payload-validation';
import type { EventContract } from '@orion/contracts';
import { ClockControl, controlClock } from './clock-control';
import { dropTestDatabase, queryDatabase } from './database';
import { freshNamespace } from './redis-server';
import { createMigratedDatabase, seedServiceDatabase, ServiceWithDatabase } from './service-under-test';

type Import = Type<unknown> | DynamicModule | Promise<DynamicModule> | ForwardReference;

/** An event a rule published: what the outbox would have carried. */
export interface RecordedEvent {
  name: string;
  payload: unknown;
}

/**
 * Stands in for EventPublisher: checks the payload against its contract as the real one does and
 * keeps it, so a test asserts what was announced without a relay or a stream.
 */
export class RecordedEventPublisher {
  readonly published: RecordedEvent[] = [];

  async publish<T>(_tx: unknown, contract: EventContract<T>, payload: T): Promise<string> {
    const validated = validateEventPayload(contract, payload);
    if (!validated.ok)
      throw new InvalidEventPayloadError(contract.name, describeInvalidFields(validated.errors));
    this.published.push({ name: contract.name, payload });
    return randomUUID();
  }

  /** Payloads published under one contract, oldest first. */
  of<T>(contract: EventContract<T>): T[] {
    return this.published.filter((e) => e.name === contract.name).map((e) => e.payload as T);
  }
}

export interface ServiceTierOptions {
  service: ServiceWithDatabase;
  /** The app's PrismaService and TransactionRunner (apps/<service>/src/database). */
  prisma: Type<DatabaseProbe>;
  transactions: Type<unknown>;
  /** The feature's Nest module and what it needs from the rest of the app, given the config. */
  imports: (config: ServiceConfig) => Import[];
  providers?: Provider[];
  /** Fakes for chosen dependencies, by the token the app injects them with. */
  fakes?: { provide: unknown; useValue: unknown }[];
  /** Variables over the tier's own (database, Redis, a fresh REDIS_NAMESPACE). */
  env?: NodeJS.ProcessEnv;
  /** Run the service's seed (system roles, permissions, sample accounts). */
  seed?: boolean;
}

export interface ServiceTier {
  module: TestingModule;
  config: ServiceConfig;
  /** The app's Clock, moved by the test instead of sleeping. */
  clock: ClockControl;
  /** Every event the rules published. */
  events: RecordedEventPublisher;
  get<T>(token: Type<T> | string | symbol): T;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  stop(): Promise<void>;
}

/**
 * The service tier (Immich's "medium" tests): one feature's rules with its real repositories on
 * a fresh migrated database, a controlled Clock and recorded events; no HTTP, no transport.
 */
export async function startServiceTier(options: ServiceTierOptions): Promise<ServiceTier> {
  const database = await createMigratedDatabase(options.service, 'orion_tier');
  if (options.seed) seedServiceDatabase(options.service, database.url);
  const prefix = options.service.toUpperCase();
  const config = loadServiceConfig(options.service, {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    [`${prefix}_DATABASE_URL`]: database.url,
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_NAMESPACE: freshNamespace(),
    ...options.env,
  });
  const events = new RecordedEventPublisher();
  let builder = Test.createTestingModule({
    imports: [
      CoreModule.forService({ config, prisma: options.prisma, transactions: options.transactions }),
      {
        module: RecordedEventsModule,
        global: true,
        providers: [{ provide: EventPublisher, useValue: events }],
        exports: [EventPublisher],
      },
      ...options.imports(config),
    ],
    providers: options.providers ?? [],
  });
  for (const fake of options.fakes ?? [])
    builder = builder.overrideProvider(fake.provide).useValue(fake.useValue);
  const module = await builder.compile();
  try {
    await module.init();
  } catch (error) {
    await dropTestDatabase(database.name);
    throw error;
  }
  return {
    module,
    config,
    clock: controlClock(module.get(Clock)),
    events,
    get: (token) => module.get(token, { strict: false }),
    query: (sql, params = []) => queryDatabase(database.url, sql, params),
    stop: async () => {
      await module.close();
      await dropTestDatabase(database.name);
    },
  };
}

class RecordedEventsModule {}
