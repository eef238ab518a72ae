import { Body, Controller, HttpCode, HttpStatus, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiGuarded, ApiProblem } from '@orion/core';
import { CurrentUser, UserPrincipal } from '@orion/security';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AccountLockedError } from '../lockout/lockout.errors';
import { RateLimited } from '../rate-limits/rate-limited.decorator';
import { RateLimitedError } from '../rate-limits/rate-limits.errors';
import { StepUpDto, StepUpResponse } from './dto/step-up.dto';
import { StepUpService } from './step-up.service';

@ApiTags('authentication')
@Controller('auth')
export class StepUpController {
  constructor(private readonly stepUps: StepUpService) {}

  @Post('step-up')
  @RateLimited('sign-in:ip', 'two-factor-verify:user')
  @HttpCode(HttpStatus.OK)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Confirm who you are before a sensitive change',
    description:
      'With the password (checked like a sign-in: same rate limits, delays and lockout) or a current ' +
      'TOTP code. Answers a new access token for the same session whose auth_time is now; routes ' +
      'that answer 401 REAUTHENTICATION_REQUIRED accept it for REAUTHENTICATION_MAX_AGE_S. The ' +
      'session keeps the new auth_time and amr through later refreshes.',
  })
  @ApiOkResponse({ type: StepUpResponse })
  @ApiGuarded()
  @ApiProblem(400, 'VALIDATION_FAILED', 'Unknown method, or its password or code missing')
  @ApiProblem(401, 'INVALID_CREDENTIALS', 'Wrong password (counted like a failed sign-in)')
  @ApiProblem(401, 'SESSION_ENDED', 'The access token’s session has ended')
  @ApiProblem(422, 'TWO_FACTOR_CODE_INVALID', 'Wrong or reused code')
  @ApiProblem(404, 'TWO_FACTOR_NOT_FOUND', 'No authenticator app is enabled')
  @ApiProblem(409, 'STEP_UP_METHOD_UNAVAILABLE', 'The account has no address to check a password for')
  @ApiProblem(423, 'ACCOUNT_LOCKED', 'Too many consecutive failures; Retry-After while temporary')
  @ApiProblem(429, 'TWO_FACTOR_TOO_MANY_CODES', 'Too many wrong codes; wait')
  async stepUp(
    @CurrentUser() caller: UserPrincipal,
    @Body() body: StepUpDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StepUpResponse> {
    const userAgent = request.headers['user-agent'];
    try {
      const result = await this.stepUps.stepUp(caller, body, {
        ip: request.ip,
        ...(userAgent && { userAgent }),
      });
      return {
        tokenType: 'Bearer',
        accessToken: result.accessToken,
        expiresIn: result.expiresIn,
        sessionId: result.sessionId,
        authenticatedAt: result.authenticatedAt.toISOString(),
        amr: result.amr,
        recentUntil: result.recentUntil.toISOString(),
      };
    } catch (error) {
      const seconds =
        error instanceof AccountLockedError
          ? error.retryAfterSeconds()
          : error instanceof RateLimitedError
            ? error.retryAfterSeconds
            : null;
      if (seconds !== null) void reply.header('retry-after', String(seconds));
      throw error;
    }
  }
}
