import { DynamicModule, Module } from '@nestjs/common';
import { CoreModule, EventsModule, ServiceConfig } from '@orion/core';
import { SecurityModule } from '@orion/security';
import { AccessCheckModule } from './access/access-check.module';
import { AccessCheckService } from './access/access-check.service';
import { AccessModule } from './access/access.module';
import { AssignmentsModule } from './assignments/assignments.module';
import { ApiKeyVerificationModule } from './api-keys/api-key-verification.module';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { UserApiKeyVerifier } from './api-keys/user-api-key.verifier';
import { AuditModule } from './audit/audit.module';
import { PrismaService } from './database/prisma.service';
import { TransactionRunner } from './database/transaction.runner';
import { PermissionsModule } from './permissions/permissions.module';
import { RolesModule } from './roles/roles.module';
import { EmailVerificationModule } from './email-verification/email-verification.module';
import { PreferencesModule } from './preferences/preferences.module';
import { SessionsModule } from './sessions/sessions.module';
import { TwoFactorStatusModule } from './two-factor-status/two-factor-status.module';
import { UsersModule } from './users/users.module';

@Module({})
export class UserModule {
  static forRoot(config: ServiceConfig): DynamicModule {
    return {
      module: UserModule,
      imports: [
        CoreModule.forService({ config, prisma: PrismaService, transactions: TransactionRunner }),
        EventsModule.forService({ prisma: PrismaService }),
        // The user service owns permissions, so it checks them locally (cached like everywhere).
        SecurityModule.forRoot({
          config: config.security,
          permissionChecker: { useExisting: AccessCheckService },
          apiKeyVerifier: { useExisting: UserApiKeyVerifier },
          imports: [AccessCheckModule, ApiKeyVerificationModule],
        }),
        AccessModule,
        PermissionsModule,
        RolesModule,
        AssignmentsModule,
        AuditModule,
        SessionsModule,
        TwoFactorStatusModule,
        UsersModule,
        EmailVerificationModule,
        PreferencesModule,
        ApiKeysModule,
      ],
    };
  }
}
