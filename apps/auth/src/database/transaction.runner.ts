import { Injectable } from '@nestjs/common';
import { TransactionRunnerBase } from '@orion/core';
import type { Prisma } from '@orion/prisma-auth';
import { PrismaService } from './prisma.service';

/** The auth service's unit of work, also what its event handlers get (`EventContext<Tx>`). */
export type Tx = Prisma.TransactionClient;

/** The one way the auth service opens a transaction: `transactions.run(async (tx) => …)`. */
@Injectable()
export class TransactionRunner extends TransactionRunnerBase<Tx> {
  constructor(prisma: PrismaService) {
    super(prisma);
  }
}
