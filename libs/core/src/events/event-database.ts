/**
 * What the events code needs from a Prisma transaction client. Structural, so libs never import
 * a generated client: any app's PrismaService transaction (or the service itself) fits.
 */
export interface EventTransaction {
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}

/** An app's PrismaService, seen as something that runs interactive transactions. */
export interface EventDatabase extends EventTransaction {
  $transaction<R>(
    work: (tx: EventTransaction) => Promise<R>,
    options?: { maxWait?: number; timeout?: number },
  ): Promise<R>;
}

/** Injection token of the app's PrismaService as an EventDatabase. */
export const EVENT_DATABASE = Symbol('EVENT_DATABASE');
