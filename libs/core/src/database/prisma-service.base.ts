import { OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import type { ServiceConfig } from '../config/service-config';

/** What readiness needs from a database: one cheap round trip. */
export abstract class DatabaseProbe {
  abstract ping(): Promise<void>;
}

/** The members every generated Prisma 7 client has and the base relies on. */
interface PrismaClientLike {
  $connect(): Promise<void>;
  $disconnect(): Promise<void>;
  $executeRawUnsafe(query: string): Promise<number>;
}

// TypeScript requires a mixin's base constructor to take `any[]`.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type PrismaClientClass = new (...args: any[]) => PrismaClientLike;

/**
 * A pg driver adapter with explicit pool limits and timeouts: the adapter's defaults wait
 * forever for a connection, which turns a database outage into hung requests.
 */
export function createPgAdapter(database: ServiceConfig['database']): PrismaPg {
  return new PrismaPg({
    connectionString: database.url,
    max: database.poolMax,
    connectionTimeoutMillis: database.connectTimeoutMs,
    idleTimeoutMillis: 30_000,
  });
}

/**
 * Builds an app's PrismaService from its own generated client, so each app imports only its
 * client while connection handling, shutdown and the readiness probe are written once.
 * The app's constructor passes `{ adapter: createPgAdapter(config.database) }`.
 */
export function PrismaServiceBase<TClient extends PrismaClientClass>(Client: TClient) {
  abstract class PrismaServiceWithLifecycle
    extends Client
    implements OnModuleInit, OnModuleDestroy, DatabaseProbe
  {
    async onModuleInit(): Promise<void> {
      await this.$connect();
    }

    async onModuleDestroy(): Promise<void> {
      await this.$disconnect();
    }

    async ping(): Promise<void> {
      await this.$executeRawUnsafe('SELECT 1');
    }
  }
  return PrismaServiceWithLifecycle;
}
