import { Module } from '@nestjs/common';
import { SecurityEventsModule } from '../security-events/security-events.module';
import { TokensModule } from '../tokens/tokens.module';
import { PreVerificationHandlers } from './pre-verification.handlers';
import { PreVerificationRepository } from './pre-verification.repository';
import { PreVerificationService } from './pre-verification.service';

/** Removes what an account gained before its address was first verified. */
@Module({
  imports: [TokensModule, SecurityEventsModule],
  providers: [PreVerificationRepository, PreVerificationService, PreVerificationHandlers],
})
export class PreVerificationModule {}
