import { Global, Module } from '@nestjs/common';
import { RateLimitCountersStore } from './rate-limit-counters.store';
import { RateLimitGuard } from './rate-limit.guard';
import { RateLimitsRepository } from './rate-limits.repository';
import { RateLimitsService } from './rate-limits.service';

/** Global so @RateLimited works on any controller of the service. */
@Global()
@Module({
  providers: [RateLimitsRepository, RateLimitCountersStore, RateLimitsService, RateLimitGuard],
  exports: [RateLimitsService, RateLimitGuard],
})
export class RateLimitsModule {}
