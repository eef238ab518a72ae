import { Body, Controller, Get, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiInvalid, ApiProblem, Public } from '@orion/core';
import {
  AccessTokenVerifier,
  AllowUnverifiedEmail,
  Client,
  CurrentUser,
  OptionalBearerToken,
  type RequestClient,
  TokenMissingError,
  UserPrincipal,
} from '@orion/security';
import type { FastifyRequest } from 'fastify';
import { DEVICE_TOKEN_HEADER } from '../devices/device-token';
import { signInClientOf } from '../devices/sign-in-client';
import { ApiRateLimitsUnavailable, RateLimited } from '../rate-limits/rate-limited.decorator';
import { AuthenticationService } from './authentication.service';
import { RefreshDto, SignOutDto } from './dto/refresh.dto';
import { SignInDto } from './dto/sign-in.dto';
import { SignInResponse } from './dto/sign-in.response';
import { SignUpAcceptedDto, SignUpDto } from './dto/sign-up.dto';
import { CurrentSessionResponse, TokenPairResponse } from './dto/token-pair.response';

const SIGN_UP_ACCEPTED: SignUpAcceptedDto = {
  status: 'verification_pending',
  message: 'Check your e-mail: if this address can be used, a message with the next step is on its way.',
};

@ApiTags('authentication')
@Controller('auth')
export class AuthenticationController {
  constructor(
    private readonly authentication: AuthenticationService,
    private readonly accessTokens: AccessTokenVerifier,
  ) {}

  @Public()
  @Post('sign-up')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Create an account with e-mail and password',
    description:
      'Always 202 for a well-formed request with an acceptable password, whether or not the address ' +
      'already has an account, so the answer cannot be used to find out who is registered. The ' +
      'verification e-mail is the proof of ownership. Passwords follow NIST SP 800-63B rev. 4: at ' +
      'least 8 characters (15 or more recommended), up to 128, no composition rules, not a common ' +
      'or breached password.',
  })
  @ApiAcceptedResponse({ type: SignUpAcceptedDto })
  @ApiProblem(400, 'PASSWORD_TOO_SHORT', 'Fewer than 8 characters (rule min-length)')
  @ApiProblem(400, 'PASSWORD_TOO_LONG', 'More than 128 characters (rule max-length)')
  @ApiProblem(400, 'PASSWORD_TOO_COMMON', 'A common or breached password (rule common-password)')
  @ApiProblem(400, 'PASSWORD_CONTAINS_IDENTIFIER', 'Contains the e-mail address (rule contains-identifier)')
  @ApiInvalid('Malformed e-mail address or body')
  @ApiProblem(429, 'RATE_LIMITED', 'Too many sign-ups from this address (sign-up:ip); see Retry-After')
  @ApiRateLimitsUnavailable()
  @ApiProblem(503, 'PEER_UNAVAILABLE', 'The user service did not answer')
  async signUp(@Body() body: SignUpDto, @Client() { ip }: RequestClient): Promise<SignUpAcceptedDto> {
    // Only well-formed sign-ups with an acceptable password count against sign-up:ip.
    await this.authentication.signUp(body, { ip });
    return SIGN_UP_ACCEPTED;
  }

  @Public()
  @Post('sign-in')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Sign in with e-mail and password',
    description:
      'Answers 200 with status "authenticated" and a token pair, or status "mfa_required" and a ' +
      'challenge for POST /auth/mfa/verify (second factor enrolled and the device not trusted, or ' +
      'a risky attempt). Every attempt is recorded with its risk score. A wrong address, a wrong ' +
      'password and an attempt refused as too risky get the same answer. After a few consecutive ' +
      'failures answers slow down; more lock the account for everyone without a trusted device ' +
      'token (423, Retry-After while temporary). A trusted device sends its device token ' +
      '(X-Device-Token, or the orion_device cookie browsers got when trusting it): it skips the ' +
      'second factor, passes temporary locks and is rate-limited on its own, never by strangers. ' +
      'Send a stable device id (X-Device-Id or deviceId) to be recognised as a known device.',
  })
  @ApiHeader({
    name: DEVICE_TOKEN_HEADER,
    required: false,
    description: 'The deviceToken handed out when this device was trusted (MFA verify or the devices API).',
  })
  @ApiOkResponse({ type: SignInResponse })
  @ApiProblem(
    401,
    'INVALID_CREDENTIALS',
    'Wrong address or password, or refused as too risky (owner alerted)',
  )
  @ApiProblem(423, 'ACCOUNT_LOCKED', 'Too many consecutive failures; Retry-After while the lock is temporary')
  @ApiProblem(429, 'RATE_LIMITED', 'Over sign-in:ip or sign-in:identifier (per device for a trusted one)')
  @ApiRateLimitsUnavailable()
  @ApiInvalid('Malformed body')
  @ApiProblem(503, 'PEER_UNAVAILABLE', 'The user service did not answer')
  async signIn(
    @Body() body: SignInDto,
    @Req() request: FastifyRequest,
  ): Promise<SignInResponse | { status: 'mfa_required'; mfa: SignInResponse['mfa'] }> {
    const result = await this.authentication.signIn(body.email, body.password, signInClientOf(request, body));
    if (result.status === 'mfa_required') return { status: 'mfa_required', mfa: result.challenge };
    return { status: 'authenticated', tokenType: 'Bearer', ...result.tokens };
  }

  @Public()
  @Post('token/refresh')
  // token-refresh:user is counted by the service, which knows whose token it is.
  @RateLimited('token-refresh:ip')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Exchange a refresh token for a new pair (rotation)',
    description:
      'The presented refresh token stops working; the new one replaces it. Retries of the same ' +
      'token within a few seconds (REFRESH_REUSE_GRACE_S) get the same new pair. A used token ' +
      'presented later ends the whole session and alerts the user (RFC 9700 reuse detection).',
  })
  @ApiOkResponse({ type: TokenPairResponse })
  @ApiProblem(401, 'REFRESH_TOKEN_INVALID', 'Unknown, revoked or already used token')
  @ApiProblem(401, 'REFRESH_TOKEN_EXPIRED', 'Idle timeout or session lifetime passed')
  @ApiProblem(401, 'REFRESH_TOKEN_REUSED', 'A used token came back: the session was revoked')
  @ApiProblem(429, 'RATE_LIMITED', 'Too many refreshes for this user (token-refresh:user); see Retry-After')
  async refresh(@Body() body: RefreshDto, @Client() client: RequestClient): Promise<TokenPairResponse> {
    const pair = await this.authentication.refresh(body.refreshToken, client);
    return { tokenType: 'Bearer', ...pair };
  }

  @Public({ optionalBearer: true })
  @Post('sign-out')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'End this session',
    description:
      'Revokes the session of the refresh token in the body or, without one, of the Bearer access ' +
      'token: its refresh token and every access token issued in it stop working.',
  })
  @ApiNoContentResponse({ description: 'Signed out (also for a token that was already invalid).' })
  @ApiProblem(401, 'TOKEN_MISSING', 'Neither a refresh token in the body nor a Bearer access token')
  async signOut(@Body() body: SignOutDto, @OptionalBearerToken() token?: string): Promise<void> {
    if (body?.refreshToken) return this.authentication.signOut({ refreshToken: body.refreshToken });
    if (!token) throw new TokenMissingError();
    const principal = await this.accessTokens.verify(token);
    await this.authentication.signOut({ accessTokenId: principal.tokenId });
  }

  @Post('sign-out/all')
  @AllowUnverifiedEmail()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'End every session of the caller',
    description:
      'Revokes all refresh tokens of the user; every access token issued until now is refused by ' +
      'every service from its next request on.',
  })
  @ApiNoContentResponse({ description: 'Signed out everywhere.' })
  async signOutEverywhere(@CurrentUser() user: UserPrincipal): Promise<void> {
    await this.authentication.signOutEverywhere(user.userId);
  }

  @Get('session')
  @AllowUnverifiedEmail()
  @ApiOperation({ summary: 'The caller’s access token as this and every other service sees it' })
  @ApiOkResponse({ type: CurrentSessionResponse })
  session(@CurrentUser() user: UserPrincipal): CurrentSessionResponse {
    return {
      userId: user.userId,
      sessionId: user.sessionId ?? null,
      tokenId: user.tokenId,
      expiresAt: user.expiresAt.toISOString(),
      authenticatedAt: user.authenticatedAt?.toISOString() ?? null,
      amr: user.authenticationMethods ?? [],
    };
  }
}
