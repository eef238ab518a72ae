import { DynamicModule, Global, Module, Type } from '@nestjs/common';
import { Clock } from './clock/clock';
import { SERVICE_CONFIG, ServiceConfig } from './config/service-config';
import { DatabaseProbe } from './database/prisma-service.base';
import { HealthModule } from './health/health.module';
import { LoggingModule, LoggingOptions } from './logging/logging.module';
import { HTTP_PIPELINE_PROVIDERS } from './http/http-pipeline.providers';
import { RedisModule } from './redis/redis.module';
import { FieldSealer } from './security/field-sealer.service';

export interface CoreModuleOptions {
  config: ServiceConfig;
  /** The app's PrismaService; it is also the readiness probe of the app's database. */
  prisma: Type<DatabaseProbe>;
  /** The app's TransactionRunner (apps/<service>/src/database), the one way it opens a transaction. */
  transactions?: Type<unknown>;
  logging?: LoggingOptions;
}

/** Everything a service needs before its first feature: config, logs, errors, Redis, health. */
@Global()
@Module({})
export class CoreModule {
  static forService({ config, prisma, transactions, logging }: CoreModuleOptions): DynamicModule {
    return {
      module: CoreModule,
      imports: [LoggingModule.forService(config, logging), RedisModule, HealthModule],
      providers: [
        { provide: SERVICE_CONFIG, useValue: config },
        prisma,
        ...(transactions ? [transactions] : []),
        { provide: DatabaseProbe, useExisting: prisma },
        Clock,
        FieldSealer,
        ...HTTP_PIPELINE_PROVIDERS,
      ],
      exports: [
        SERVICE_CONFIG,
        prisma,
        ...(transactions ? [transactions] : []),
        DatabaseProbe,
        Clock,
        FieldSealer,
      ],
    };
  }
}
