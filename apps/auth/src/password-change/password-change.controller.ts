import { Body, Controller, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiInvalid, ApiProblem } from '@orion/core';
import { CurrentUser, UserPrincipal } from '@orion/security';
import type { FastifyRequest } from 'fastify';
import { RateLimited } from '../rate-limits/rate-limited.decorator';
import { ChangePasswordDto } from './dto/change-password.dto';
import { PasswordChangeService } from './password-change.service';

@ApiTags('authentication')
@Controller('auth')
export class PasswordChangeController {
  constructor(private readonly passwords: PasswordChangeService) {}

  @Post('password')
  @RateLimited('sign-in:ip')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Change your password',
    description:
      'Needs the current password (checked like a sign-in: rate limits, delays, lockout) or, without ' +
      'it, a sign-in or step-up within REAUTHENTICATION_MAX_AGE_S. The new password follows the ' +
      'sign-up policy. Every other session ends unless keepOtherSessions is true; this one stays. ' +
      'The owner is alerted.',
  })
  @ApiNoContentResponse({ description: 'Changed.' })
  @ApiProblem(400, 'PASSWORD_TOO_SHORT', 'Fewer than 8 characters (also the other policy rules)')
  @ApiProblem(400, 'PASSWORD_TOO_COMMON', 'A common or breached password')
  @ApiInvalid('Malformed body')
  @ApiProblem(401, 'INVALID_CREDENTIALS', 'The current password is wrong (counted like a failed sign-in)')
  @ApiProblem(401, 'REAUTHENTICATION_REQUIRED', 'No current password and the sign-in is too old')
  @ApiProblem(401, 'SESSION_ENDED', 'The access token’s session has ended')
  @ApiProblem(423, 'ACCOUNT_LOCKED', 'Too many consecutive failures; Retry-After while temporary')
  @ApiProblem(503, 'PEER_UNAVAILABLE', 'The user service did not answer; nothing changed')
  async change(
    @CurrentUser() caller: UserPrincipal,
    @Body() body: ChangePasswordDto,
    @Req() request: FastifyRequest,
  ): Promise<void> {
    const userAgent = request.headers['user-agent'];
    await this.passwords.change(caller, body, { ip: request.ip, ...(userAgent && { userAgent }) });
  }
}
