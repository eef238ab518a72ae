import { Module } from '@nestjs/common';
import { AccessCacheStore } from './access-cache.store';
import { AccessCheckModule } from './access-check.module';
import { AccessVisibilityService } from './access-visibility.service';
import { AccessController } from './access.controller';
import { AccessHandlers } from './access.handlers';
import { AccessService } from './access.service';
import { GRANT_EXPIRY_CONFIG, loadGrantExpiryConfig } from './grant-expiry.config';
import { GrantExpiryRepository } from './grant-expiry.repository';
import { GrantExpirySweeper } from './grant-expiry.sweeper';
import { GrantLimitsService } from './grant-limits.service';
import { OrgAccessController } from './org-access.controller';
import { PermissionChangesService } from './permission-changes.service';

/**
 * Permission checks for other services, explanations and reverse queries, the expiry sweeper,
 * and what every writer of roles and grants shares (change announcements, escalation limits).
 */
@Module({
  imports: [AccessCheckModule],
  controllers: [AccessController, OrgAccessController, AccessHandlers],
  providers: [
    { provide: GRANT_EXPIRY_CONFIG, useFactory: () => loadGrantExpiryConfig() },
    AccessCacheStore,
    AccessService,
    AccessVisibilityService,
    GrantExpiryRepository,
    GrantExpirySweeper,
    GrantLimitsService,
    PermissionChangesService,
  ],
  exports: [
    AccessCacheStore,
    AccessCheckModule,
    AccessService,
    AccessVisibilityService,
    GrantExpirySweeper,
    GrantLimitsService,
    PermissionChangesService,
  ],
})
export class AccessModule {}
