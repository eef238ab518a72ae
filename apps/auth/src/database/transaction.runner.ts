import { Injectable } from '@nestjs/common';
import { TransactionRunnerBase } from '@orion/core';
import type { Prisma } from '@orion/prisma-auth';
import { PrismaService } from './prisma.service';

/** The auth service's unit of work, also what its event handlers get (`EventContext<Tx>`). */
export type Tx = Prisma.TransactionClient;

/** For units of work that wait on row locks or a peer: longer than Prisma's 5 s default. */
export const LONG_TRANSACTION = { timeout: 15_000 };

/** The one way the auth service opens a transaction: `transactions.run(async (tx) => …)`. */
@Injectable()
export class TransactionRunner extends TransactionRunnerBase<Tx> {
  constructor(prisma: PrismaService) {
    super(prisma);
  }
}
