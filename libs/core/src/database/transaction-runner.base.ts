export interface TransactionOptions {
  /** Prisma's isolation level names ('Serializable', 'RepeatableRead', …). */
  isolationLevel?: string;
  /** How long the work may take once started, in ms (Prisma's default is 5 s). */
  timeout?: number;
  /** How long to wait for a connection, in ms. */
  maxWait?: number;
}

/** What a runner needs of an app's PrismaService: interactive transactions. */
export interface TransactionalClient<Tx> {
  $transaction<T>(work: (tx: Tx) => Promise<T>, options?: TransactionOptions): Promise<T>;
}

/**
 * The base of each app's TransactionRunner (apps/<service>/src/database): the one way a service
 * opens a transaction. Services take the runner, repositories take the `tx` it hands out as their
 * last parameter; nothing else calls `$transaction`.
 */
export abstract class TransactionRunnerBase<Tx> {
  protected constructor(private readonly client: TransactionalClient<Tx>) {}

  run<T>(work: (tx: Tx) => Promise<T>, options?: TransactionOptions): Promise<T> {
    return this.client.$transaction(work, options);
  }
}
