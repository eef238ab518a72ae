import { Body, Controller, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { ApiInvalid, ApiProblem } from '@orion/core';
import { CurrentUser, UserPrincipal } from '@orion/security';
import type { FastifyRequest } from 'fastify';
import { RateLimited } from '../rate-limits/rate-limited.decorator';
import { StepUpCodeDto, StepUpCodeSentDto, StepUpDto, StepUpResponse } from './dto/step-up.dto';
import { StepUpFactorsService } from './step-up-factors.service';
import { StepUpService } from './step-up.service';

@ApiTags('authentication')
@Controller('auth')
export class StepUpController {
  constructor(
    private readonly stepUps: StepUpService,
    private readonly factors: StepUpFactorsService,
  ) {}

  @Post('step-up/webauthn/options')
  @RateLimited('two-factor-verify:user')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Options for confirming who you are with a security key',
    description:
      'PublicKeyCredentialRequestOptionsJSON for navigator.credentials.get(); answer at POST /auth/step-up.',
  })
  @ApiOkResponse({ description: 'The options, listing the caller’s keys.' })
  @ApiProblem(404, 'TWO_FACTOR_NOT_FOUND', 'No security key is registered')
  webauthnOptions(@CurrentUser() caller: UserPrincipal): Promise<PublicKeyCredentialRequestOptionsJSON> {
    return this.factors.webauthnOptions(caller.userId);
  }

  @Post('step-up/code')
  @RateLimited('two-factor-verify:user')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Send a code for confirming who you are',
    description:
      'By SMS to the enabled number, or by e-mail when e-mail codes are enabled; a new code replaces the last.',
  })
  @ApiAcceptedResponse({ type: StepUpCodeSentDto })
  @ApiProblem(404, 'TWO_FACTOR_NOT_FOUND', 'That method is not enabled')
  @ApiProblem(429, 'TWO_FACTOR_TOO_MANY_CODES', 'Too many codes sent; wait')
  async sendCode(
    @CurrentUser() caller: UserPrincipal,
    @Body() body: StepUpCodeDto,
  ): Promise<StepUpCodeSentDto> {
    const sent = await this.factors.sendCode(caller.userId, body.method);
    return { method: sent.method, expiresAt: sent.expiresAt.toISOString() };
  }

  @Post('step-up')
  @RateLimited('sign-in:ip', 'two-factor-verify:user')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Confirm who you are before a sensitive change',
    description:
      'With the password (checked like a sign-in: same rate limits, delays and lockout) or an enabled ' +
      'second factor: a TOTP code, a security key (options from POST /auth/step-up/webauthn/options) ' +
      'or an SMS or e-mail code (sent by POST /auth/step-up/code). Answers a new access token for the same session whose auth_time is now; routes ' +
      'that answer 401 REAUTHENTICATION_REQUIRED accept it for REAUTHENTICATION_MAX_AGE_S. The ' +
      'session keeps the new auth_time and amr through later refreshes.',
  })
  @ApiOkResponse({ type: StepUpResponse })
  @ApiInvalid('Unknown method, or its password or code missing')
  @ApiProblem(401, 'INVALID_CREDENTIALS', 'Wrong password (counted like a failed sign-in)')
  @ApiProblem(401, 'SESSION_ENDED', 'The access token’s session has ended')
  @ApiProblem(422, 'TWO_FACTOR_CODE_INVALID', 'Wrong or reused code')
  @ApiProblem(404, 'TWO_FACTOR_NOT_FOUND', 'No authenticator app is enabled')
  @ApiProblem(409, 'STEP_UP_METHOD_UNAVAILABLE', 'The account has no address to check a password for')
  @ApiProblem(423, 'ACCOUNT_LOCKED', 'Too many consecutive failures; Retry-After while temporary')
  @ApiProblem(422, 'WEBAUTHN_VERIFICATION_FAILED', 'The assertion did not verify; ask for new options')
  @ApiProblem(429, 'TWO_FACTOR_TOO_MANY_CODES', 'Too many wrong codes; wait')
  async stepUp(
    @CurrentUser() caller: UserPrincipal,
    @Body() body: StepUpDto,
    @Req() request: FastifyRequest,
  ): Promise<StepUpResponse> {
    const userAgent = request.headers['user-agent'];
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
  }
}
