import { DynamicModule, Module } from '@nestjs/common';
import { CoreModule, EventsModule, ServiceConfig } from '@orion/core';
import { JwksOptions, SecurityModule } from '@orion/security';
import { AuthenticationModule } from './authentication/authentication.module';
import { AUTH_CONFIG, AuthConfig } from './config/auth-config';
import { PrismaService } from './database/prisma.service';
import { KeysModule } from './keys/keys.module';

@Module({})
export class AuthModule {
  /** `jwks` tunes how this service's own guard reads its key set (tests shorten the cooldown). */
  static forRoot(
    config: ServiceConfig,
    authConfig: AuthConfig,
    options: { jwks?: Partial<JwksOptions> } = {},
  ): DynamicModule {
    return {
      module: AuthModule,
      imports: [
        CoreModule.forService({ config, prisma: PrismaService }),
        EventsModule.forService({ prisma: PrismaService }),
        // Tokens issued here are checked by the same guard as in every other service.
        SecurityModule.forRoot({ config: config.security, jwks: options.jwks }),
        {
          module: AuthConfigModule,
          global: true,
          providers: [{ provide: AUTH_CONFIG, useValue: authConfig }],
          exports: [AUTH_CONFIG],
        },
        KeysModule,
        AuthenticationModule,
      ],
    };
  }
}

@Module({})
class AuthConfigModule {}
