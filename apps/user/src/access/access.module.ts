import { Module } from '@nestjs/common';
import { AccessCheckModule } from './access-check.module';
import { AccessVisibility } from './access-visibility';
import { AccessController } from './access.controller';
import { AccessHandlers } from './access.handlers';
import { AccessService } from './access.service';
import { GRANT_EXPIRY_CONFIG, loadGrantExpiryConfig } from './grant-expiry.config';
import { GrantExpiryRepository } from './grant-expiry.repository';
import { GrantExpirySweeper } from './grant-expiry.sweeper';
import { GrantLimits } from './grant-limits';
import { OrgAccessController } from './org-access.controller';
import { PermissionChanges } from './permission-changes';

/**
 * Permission checks for other services, explanations and reverse queries, the expiry sweeper,
 * and what every writer of roles and grants shares (change announcements, escalation limits).
 */
@Module({
  imports: [AccessCheckModule],
  controllers: [AccessController, OrgAccessController, AccessHandlers],
  providers: [
    { provide: GRANT_EXPIRY_CONFIG, useFactory: () => loadGrantExpiryConfig() },
    AccessService,
    AccessVisibility,
    GrantExpiryRepository,
    GrantExpirySweeper,
    GrantLimits,
    PermissionChanges,
  ],
  exports: [
    AccessCheckModule,
    AccessService,
    AccessVisibility,
    GrantExpirySweeper,
    GrantLimits,
    PermissionChanges,
  ],
})
export class AccessModule {}
