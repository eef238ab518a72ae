import { DynamicModule, Module } from '@nestjs/common';
import { CoreModule, EventsModule, ServiceConfig } from '@orion/core';
import { PrismaService } from './database/prisma.service';

@Module({})
export class UserModule {
  static forRoot(config: ServiceConfig): DynamicModule {
    return {
      module: UserModule,
      imports: [
        CoreModule.forService({ config, prisma: PrismaService }),
        EventsModule.forService({ prisma: PrismaService }),
      ],
    };
  }
}
