import { Inject, Injectable } from '@nestjs/common';
import { createPgAdapter, PrismaServiceBase, SERVICE_CONFIG, ServiceConfig } from '@orion/core';
import { PrismaClient } from '@orion/prisma-user';

/** The user service's only connection to its database; repositories receive it by injection. */
@Injectable()
export class PrismaService extends PrismaServiceBase(PrismaClient) {
  constructor(@Inject(SERVICE_CONFIG) config: ServiceConfig) {
    super({ adapter: createPgAdapter(config.database) });
  }
}
