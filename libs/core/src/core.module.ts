import { DynamicModule, Global, Module, Type, ValidationPipe } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { SERVICE_CONFIG, ServiceConfig } from './config/service-config';
import { DatabaseProbe } from './database/prisma-service.base';
import { ProblemDetailsFilter } from './errors/problem-details.filter';
import { RequestValidationError } from './errors/validation-error';
import { HealthModule } from './health/health.module';
import { LoggingModule } from './logging/logging.module';
import { RedisModule } from './redis/redis.module';

export interface CoreModuleOptions {
  config: ServiceConfig;
  /** The app's PrismaService; it is also the readiness probe of the app's database. */
  prisma: Type<DatabaseProbe>;
}

/** Everything a service needs before its first feature: config, logs, errors, Redis, health. */
@Global()
@Module({})
export class CoreModule {
  static forService({ config, prisma }: CoreModuleOptions): DynamicModule {
    return {
      module: CoreModule,
      imports: [LoggingModule.forService(config), RedisModule, HealthModule],
      providers: [
        { provide: SERVICE_CONFIG, useValue: config },
        prisma,
        { provide: DatabaseProbe, useExisting: prisma },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        {
          provide: APP_PIPE,
          useValue: new ValidationPipe({
            whitelist: true,
            forbidNonWhitelisted: true,
            transform: true,
            exceptionFactory: (errors) => RequestValidationError.fromClassValidator(errors),
          }),
        },
      ],
      exports: [SERVICE_CONFIG, prisma, DatabaseProbe],
    };
  }
}
