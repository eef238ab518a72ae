import { Controller, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ApiProblem } from '@orion/core';
import { CurrentUser, RequirePermission, UserPrincipal } from '@orion/security';
import { LockoutService } from './lockout.service';

class UnlockResultDto {
  @ApiProperty({ example: true, description: 'Whether a lock was in force.' })
  wasLocked!: boolean;

  @ApiProperty({
    example: false,
    description:
      'Whether a rate-limit block of its sign-in (sign-in:identifier) or second factor was lifted.',
  })
  wasRateLimited!: boolean;
}

@ApiTags('lockout')
@Controller('admin/users')
export class LockoutController {
  constructor(private readonly lockout: LockoutService) {}

  @Post(':id/unlock')
  @HttpCode(HttpStatus.OK)
  @RequirePermission('users:suspend')
  @ApiOperation({
    summary: 'Lift a sign-in lockout and rate-limit blocks',
    description:
      'Clears the account’s failed-attempt count and any lock (also the one at the hard limit), and ' +
      'lifts the rate-limit blocks of its typed addresses (sign-in:identifier) and of its second ' +
      'factor (two-factor-verify:user); recorded as an account.unlocked security event.',
  })
  @ApiOkResponse({ type: UnlockResultDto })
  @ApiProblem(403, 'TARGET_OUTRANKS_ACTOR', 'The account holds a permission the caller does not hold')
  async unlock(
    @Param('id', new ParseUUIDPipe()) userId: string,
    @CurrentUser() admin: UserPrincipal,
  ): Promise<UnlockResultDto> {
    return this.lockout.unlock(userId, { actorId: admin.userId, reason: 'administrator' });
  }
}
