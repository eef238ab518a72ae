import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module';
import { SecurityEventsModule } from '../security-events/security-events.module';
import { SignInModule } from '../sign-in/sign-in.module';
import { OAuthProvidersRepository } from './oauth-providers.repository';
import { OidcProvidersClient } from './oidc-providers.client';
import { SocialLinksService } from './social-links.service';
import { SocialSignInService } from './social-sign-in.service';
import { SocialStateStore } from './social-state.store';
import { SocialController } from './social.controller';

/** Sign-in and account linking with OpenID Connect providers. */
@Module({
  imports: [UsersModule, SignInModule, SecurityEventsModule],
  controllers: [SocialController],
  providers: [
    OAuthProvidersRepository,
    OidcProvidersClient,
    SocialLinksService,
    SocialSignInService,
    SocialStateStore,
  ],
})
export class SocialModule {}
