import { Module } from '@nestjs/common';
import { TwoFactorStatusController } from './two-factor-status.controller';
import { TwoFactorStatusHandlers } from './two-factor-status.handlers';
import { TwoFactorStatusRepository } from './two-factor-status.repository';
import { TwoFactorStatusService } from './two-factor-status.service';

/** The user service's secret-free copy of which second factors a user has (auth owns them). */
@Module({
  controllers: [TwoFactorStatusController],
  providers: [TwoFactorStatusHandlers, TwoFactorStatusRepository, TwoFactorStatusService],
})
export class TwoFactorStatusModule {}
