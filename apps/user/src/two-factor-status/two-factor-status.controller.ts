import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiInvalid, ApiProblem } from '@orion/core';
import { CurrentUser, RequirePermission, UserPrincipal } from '@orion/security';
import {
  toTwoFactorStatusDto,
  TwoFactorStatusDto,
  TwoFactorUserParamsDto,
} from './dto/two-factor-status.dto';
import { TwoFactorStatusService } from './two-factor-status.service';

/**
 * Whether a user has second factors, for profile pages and support: a copy kept from the auth
 * service's events, without secrets. Enrolment itself happens in the auth service.
 */
@ApiTags('two-factor status')
@Controller('users')
export class TwoFactorStatusController {
  constructor(private readonly status: TwoFactorStatusService) {}

  @Get('me/two-factor')
  @ApiOperation({ summary: 'My second-factor status' })
  @ApiOkResponse({ type: TwoFactorStatusDto })
  async mine(@CurrentUser() me: UserPrincipal): Promise<TwoFactorStatusDto> {
    return toTwoFactorStatusDto(await this.status.of(me.userId));
  }

  @Get(':userId/two-factor')
  @RequirePermission('users:read')
  @ApiOperation({ summary: "A user's second-factor status" })
  @ApiOkResponse({ type: TwoFactorStatusDto })
  @ApiInvalid('userId is not a UUID')
  @ApiProblem(404, 'USER_NOT_FOUND', 'No such user')
  async ofUser(@Param() params: TwoFactorUserParamsDto): Promise<TwoFactorStatusDto> {
    return toTwoFactorStatusDto(await this.status.of(params.userId));
  }
}
