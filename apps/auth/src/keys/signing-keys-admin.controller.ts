import { Controller, HttpCode, HttpStatus, Inject, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ApiProblem, Clock } from '@orion/core';
import { CurrentUser, RequirePermission, UserPrincipal } from '@orion/security';
import { AUTH_CONFIG, AuthConfig } from '../config/auth.config';
import { SecurityEventsService } from '../security-events/security-events.service';
import { SigningKeysService } from './signing-keys.service';

export class RotationResponse {
  @ApiProperty({ description: 'Key id (JWS `kid`) of the new key', format: 'uuid' })
  kid!: string;

  @ApiProperty({ description: 'When the new key starts signing (it is published already)' })
  activatesAt!: string;
}

/**
 * Rotating is an administrator's act on the credentials of the whole platform; `api-keys:revoke`
 * is the existing permission for retiring credentials that others rely on, held by admin and
 * super-admin only.
 */
@ApiTags('keys')
@Controller('admin/signing-keys')
export class SigningKeysAdminController {
  constructor(
    private readonly clock: Clock,
    private readonly keys: SigningKeysService,
    private readonly securityEvents: SecurityEventsService,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
  ) {}

  @Post('rotate')
  @HttpCode(HttpStatus.OK)
  @RequirePermission('api-keys:revoke')
  @ApiOperation({
    summary: 'Start a signing-key rotation now',
    description:
      'Publishes a new key at once; it signs after SIGNING_KEY_PUBLISH_AHEAD_S, when the current ' +
      'key retires. Tokens signed by the old key keep verifying until they expire: nobody is signed out.',
  })
  @ApiOkResponse({ type: RotationResponse })
  @ApiProblem(503, 'PEER_UNAVAILABLE', 'The permission check could not reach the user service')
  async rotate(@CurrentUser() admin: UserPrincipal): Promise<RotationResponse> {
    const now = this.clock.now();
    const kid = await this.keys.rotate(now);
    await this.securityEvents.record({
      userId: admin.userId,
      type: 'signing_key.rotated',
      severity: 'info',
      metadata: { kid },
    });
    const activatesAt = new Date(now.getTime() + this.config.signingKeyPublishAheadS * 1000);
    return { kid, activatesAt: activatesAt.toISOString() };
  }
}
