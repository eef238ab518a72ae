import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { KeysModule } from '../keys/keys.module';
import { SecurityEventsModule } from '../security-events/security-events.module';
import { AccessTokenIssuer } from './access-token.issuer';
import { RevocationReconcilerService } from './revocation-reconciler.service';
import { RevocationListStore } from './revocation-list.store';
import { SuccessorCacheStore } from './successor-cache.store';
import { TokenFamiliesRepository } from './token-families.repository';
import { TokenFamiliesService } from './token-families.service';
import { TokenRevocationService } from './token-revocation.service';
import { TokensHandlers } from './tokens.handlers';

/** Access tokens, refresh-token families, their rotation and revocation. */
@Module({
  imports: [KeysModule, SecurityEventsModule, ScheduleModule.forRoot()],
  providers: [
    AccessTokenIssuer,
    RevocationReconcilerService,
    SuccessorCacheStore,
    RevocationListStore,
    TokenFamiliesRepository,
    TokenFamiliesService,
    TokenRevocationService,
    TokensHandlers,
  ],
  exports: [TokenFamiliesService, TokenRevocationService, RevocationReconcilerService],
})
export class TokensModule {}
