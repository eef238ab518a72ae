import { DynamicModule, Module } from '@nestjs/common';
import { CoreModule, EventsModule, LoggingOptions, ServiceConfig, TransportModule } from '@orion/core';
import { JwksOptions, RpcPermissionChecker, SecurityModule } from '@orion/security';
import { AuthenticationModule } from './authentication/authentication.module';
import { AUTH_CONFIG, AuthConfig } from './config/auth.config';
import { PrismaService } from './database/prisma.service';
import { TransactionRunner } from './database/transaction.runner';
import { KeysModule } from './keys/keys.module';
import { MaintenanceModule } from './maintenance/maintenance.module';
import { MfaVerificationModule } from './mfa/mfa-verification.module';
import { PasswordChangeModule } from './password-change/password-change.module';
import { PasswordResetModule } from './password-reset/password-reset.module';
import { PreVerificationModule } from './pre-verification/pre-verification.module';
import { SocialModule } from './social/social.module';
import { StepUpModule } from './step-up/step-up.module';
import { TwoFactorModule } from './two-factor/two-factor.module';

@Module({})
export class AuthModule {
  /**
   * `jwks` tunes how this service's own guard reads its key set (tests shorten the cooldown);
   * `logging` sends the log lines elsewhere (tests read them back).
   */
  static forRoot(
    config: ServiceConfig,
    authConfig: AuthConfig,
    options: { jwks?: Partial<JwksOptions>; logging?: LoggingOptions } = {},
  ): DynamicModule {
    return {
      module: AuthModule,
      imports: [
        CoreModule.forService({
          config,
          prisma: PrismaService,
          transactions: TransactionRunner,
          logging: options.logging,
        }),
        EventsModule.forService({ prisma: PrismaService }),
        // Tokens issued here are checked by the same guard as in every other service.
        // Administrative routes ask the user service, which holds roles and grants.
        SecurityModule.forRoot({
          config: config.security,
          jwks: options.jwks,
          permissionChecker: RpcPermissionChecker,
          imports: [TransportModule.forClients(['user'])],
        }),
        {
          module: AuthConfigModule,
          global: true,
          providers: [{ provide: AUTH_CONFIG, useValue: authConfig }],
          exports: [AUTH_CONFIG],
        },
        KeysModule,
        AuthenticationModule,
        PasswordResetModule,
        SocialModule,
        MaintenanceModule,
        TwoFactorModule,
        MfaVerificationModule,
        StepUpModule,
        PasswordChangeModule,
        PreVerificationModule,
      ],
    };
  }
}

@Module({})
class AuthConfigModule {}
