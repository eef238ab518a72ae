import { Body, Controller, Inject, HttpCode, HttpStatus, Post, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiInvalid, ApiProblem, Public } from '@orion/core';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AUTH_CONFIG, AuthConfig } from '../config/auth.config';
import { setDeviceTokenCookie } from '../devices/device-token';
import { RateLimited } from '../rate-limits/rate-limited.decorator';
import {
  ChallengeTokenDto,
  CodeSentToChallengeDto,
  MfaVerifiedResponse,
  SendCodeDto,
  VerifyMfaDto,
} from './dto/mfa.dto';
import { MfaVerificationService } from './mfa-verification.service';

const Dead = () => ApiProblem(401, 'MFA_CHALLENGE_INVALID', 'Unknown, expired, used or out of attempts');
const NotAllowed = () => ApiProblem(422, 'MFA_METHOD_NOT_ALLOWED', 'Not one of the challenge’s methods');
const Locked = () =>
  ApiProblem(423, 'ACCOUNT_LOCKED', 'The account got locked meanwhile; sign in again later');

/**
 * Every second-factor route counts per client address (the guard) and per account the challenge
 * is for (two-factor-verify:user, counted by the service), so fresh challenges bring no fresh budget.
 */
const Limited = () => RateLimited('two-factor-verify:ip');

/** The second step of a sign-in that answered `mfa_required`. */
@ApiTags('authentication')
@Controller('auth/mfa')
export class MfaVerificationController {
  constructor(
    private readonly verification: MfaVerificationService,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
  ) {}

  @Public()
  @Post('send')
  @Limited()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Send a sign-in code by SMS or e-mail',
    description: 'A new code replaces the previous one. Sends are limited per challenge.',
  })
  @ApiAcceptedResponse({ type: CodeSentToChallengeDto })
  @ApiProblem(429, 'SMS_DAILY_LIMIT_REACHED', 'A daily cap on texts is reached (Retry-After: next UTC day)')
  @ApiProblem(422, 'SMS_COUNTRY_NOT_ALLOWED', 'The phone number’s region is not in SMS_ALLOWED_COUNTRIES')
  @Dead()
  @NotAllowed()
  @ApiInvalid()
  sendCode(@Body() body: SendCodeDto): Promise<CodeSentToChallengeDto> {
    return this.verification.sendCode(body.challengeToken, body.method);
  }

  @Public()
  @Post('webauthn/options')
  @Limited()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Options for navigator.credentials.get() to answer the challenge with a key' })
  @ApiOkResponse({ schema: { type: 'object', additionalProperties: true } })
  @Dead()
  @NotAllowed()
  @ApiInvalid()
  webauthnOptions(@Body() body: ChallengeTokenDto): Promise<object> {
    return this.verification.webauthnOptions(body.challengeToken);
  }

  @Public()
  @Post('verify')
  @Limited()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Answer the sign-in challenge and receive the tokens',
    description:
      'Each wrong answer uses up one attempt (attemptsLeft in the problem) and counts towards the ' +
      'account lockout; the last one ends the challenge and the sign-in starts over. Requests are ' +
      'limited per address and per account, across challenges. trustDevice returns a deviceToken ' +
      '(and sets the orion_device cookie) that skips the second factor on this device for ' +
      'MFA_TRUSTED_DEVICE_TTL_S.',
  })
  @ApiOkResponse({
    type: MfaVerifiedResponse,
    description: 'status authenticated and the token pair, as sign-in answers; deviceToken with trustDevice.',
  })
  @ApiProblem(401, 'MFA_CODE_INVALID', 'Wrong code or key; attemptsLeft says how many remain')
  @Dead()
  @NotAllowed()
  @Locked()
  @ApiInvalid()
  async verify(
    @Body() body: VerifyMfaDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<MfaVerifiedResponse> {
    const { tokens, deviceToken } = await this.verification.verify({
      challengeToken: body.challengeToken,
      method: body.method,
      ip: request.ip,
      ...(body.code !== undefined && { code: body.code }),
      ...(body.credential && { credential: body.credential as unknown as AuthenticationResponseJSON }),
      ...(body.trustDevice !== undefined && { trustDevice: body.trustDevice }),
    });
    if (!deviceToken) return { status: 'authenticated', tokenType: 'Bearer', ...tokens };
    setDeviceTokenCookie(reply, deviceToken, this.config.twoFactor.trustedDeviceTtlS);
    return { status: 'authenticated', tokenType: 'Bearer', ...tokens, deviceToken };
  }
}
