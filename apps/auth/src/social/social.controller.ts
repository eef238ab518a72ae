import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiFoundResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiGuarded, ApiProblem, Public } from '@orion/core';
import { AccessTokenVerifier, CurrentUser, UserPrincipal } from '@orion/security';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { InvalidDeviceIdError } from '../authentication/authentication.errors';
import { DEVICE_ID_FORMAT } from '../authentication/dto/sign-in.dto';
import { SignInClient } from '../sign-in/sign-in.types';
import {
  AuthorizationUrlResponse,
  IdentityProvidersResponse,
  LinkedProvidersResponse,
  RedirectUriDto,
  SocialCallbackResponse,
} from './dto/social.dto';
import { OidcClients } from './oidc-clients';
import { SocialLinksService } from './social-links.service';
import { SocialCallbackResult, SocialSignInService } from './social-sign-in.service';

/** Address, user agent and the device id sent as X-Device-Id, as password sign-in reads them. */
function clientOf(request: FastifyRequest): SignInClient {
  const userAgent = request.headers['user-agent'];
  const header = request.headers['x-device-id'];
  const deviceId = Array.isArray(header) ? header[0] : header;
  if (deviceId !== undefined && !DEVICE_ID_FORMAT.test(deviceId)) throw new InvalidDeviceIdError();
  return { ip: request.ip, ...(userAgent && { userAgent }), ...(deviceId && { deviceId }) };
}

/** Only plain string parameters reach openid-client; repeated ones are refused there as missing. */
function callbackParams(query: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(query).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}

@ApiTags('social sign-in')
@Controller('auth/social')
export class SocialController {
  constructor(
    private readonly signIn: SocialSignInService,
    private readonly links: SocialLinksService,
    private readonly clients: OidcClients,
    private readonly accessTokens: AccessTokenVerifier,
  ) {}

  @Public()
  @Get('providers')
  @ApiOperation({ summary: 'Identity providers users can sign in with' })
  @ApiOkResponse({ type: IdentityProvidersResponse })
  providers(): IdentityProvidersResponse {
    return { providers: this.clients.ids() };
  }

  @Public()
  @Get(':provider/authorize')
  @ApiOperation({
    summary: 'Start signing in with an identity provider',
    description:
      'Redirects (302) to the provider; with `Accept: application/json` answers the URL instead. ' +
      'Authorization code flow with PKCE (S256), state and nonce; the flow must finish within ' +
      'OIDC_STATE_TTL_S.',
  })
  @ApiFoundResponse({ description: 'To the provider' })
  @ApiOkResponse({ type: AuthorizationUrlResponse })
  @ApiProblem(404, 'IDENTITY_PROVIDER_UNKNOWN', 'No provider with this id is configured')
  @ApiProblem(400, 'REDIRECT_URI_NOT_ALLOWED', 'The redirect URI is not in OIDC_REDIRECT_URIS')
  @ApiProblem(503, 'IDENTITY_PROVIDER_UNAVAILABLE', 'The provider’s discovery document could not be read')
  async authorize(
    @Param('provider') provider: string,
    @Query() query: RedirectUriDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AuthorizationUrlResponse | undefined> {
    const authorizationUrl = await this.signIn.authorizationUrl(provider, { redirectUri: query.redirectUri });
    if ((request.headers.accept ?? '').includes('application/json')) return { authorizationUrl };
    reply.header('cache-control', 'no-store').redirect(authorizationUrl, HttpStatus.FOUND);
    return undefined;
  }

  @Public()
  @Get(':provider/callback')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Finish signing in (or linking) with the provider’s answer',
    description:
      'Takes the query string the provider redirected with (code, state, iss…). A known identity ' +
      'signs in to its account; a new one signs in to the account with its e-mail address when both ' +
      'the provider and this service verified that address, or gets a new account. Then the same ' +
      'device, risk and second-factor rules as password sign-in apply. A link started with ' +
      '`POST …/link` must be finished with the same account’s Bearer token.',
  })
  @ApiOkResponse({ type: SocialCallbackResponse })
  @ApiProblem(400, 'SOCIAL_STATE_INVALID', 'Unknown, used or expired state')
  @ApiProblem(400, 'INVALID_DEVICE_ID', 'X-Device-Id is malformed')
  @ApiProblem(401, 'SOCIAL_SIGN_IN_FAILED', 'The provider refused or its answer did not verify')
  @ApiProblem(403, 'SOCIAL_ACCOUNT_DISABLED', 'The account cannot sign in')
  @ApiProblem(
    403,
    'SOCIAL_LINK_FORBIDDEN',
    'A link finished without the Bearer token of the account that started it',
  )
  @ApiProblem(409, 'SOCIAL_IDENTITY_CONFLICT', 'The identity is linked to another account')
  @ApiProblem(422, 'SOCIAL_EMAIL_REQUIRED', 'The provider shared no e-mail address')
  @ApiProblem(503, 'IDENTITY_PROVIDER_UNAVAILABLE', 'The provider could not be reached')
  async callback(
    @Param('provider') provider: string,
    @Query() query: Record<string, unknown>,
    @Req() request: FastifyRequest,
    @Headers('authorization') authorization?: string,
  ): Promise<SocialCallbackResult> {
    // Optional here: a sign-in has no token yet; a link needs the one of the account that started it.
    const [scheme, token] = (authorization ?? '').trim().split(/\s+/);
    const caller =
      scheme?.toLowerCase() === 'bearer' && token ? await this.accessTokens.verify(token) : undefined;
    return this.signIn.complete(provider, callbackParams(query), clientOf(request), caller?.userId);
  }

  @Get()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The identity providers linked to the caller’s account' })
  @ApiOkResponse({ type: LinkedProvidersResponse })
  @ApiGuarded()
  async linked(@CurrentUser() user: UserPrincipal): Promise<LinkedProvidersResponse> {
    const links = await this.links.linked(user.userId);
    return {
      items: links.map((link) => ({
        provider: link.provider,
        email: link.email,
        linkedAt: link.createdAt.toISOString(),
        lastSignInAt: link.lastLoginAt?.toISOString() ?? null,
      })),
    };
  }

  @Post(':provider/link')
  @HttpCode(HttpStatus.OK)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Start linking an identity provider to the caller’s account',
    description: 'Send the browser to the returned URL; the callback then links instead of signing in.',
  })
  @ApiOkResponse({ type: AuthorizationUrlResponse })
  @ApiProblem(404, 'IDENTITY_PROVIDER_UNKNOWN', 'No provider with this id is configured')
  @ApiProblem(400, 'REDIRECT_URI_NOT_ALLOWED', 'The redirect URI is not in OIDC_REDIRECT_URIS')
  @ApiGuarded()
  async link(
    @Param('provider') provider: string,
    @Body() body: RedirectUriDto,
    @CurrentUser() user: UserPrincipal,
  ): Promise<AuthorizationUrlResponse> {
    const authorizationUrl = await this.signIn.authorizationUrl(provider, {
      redirectUri: body?.redirectUri,
      linkTo: user.userId,
    });
    return { authorizationUrl };
  }

  @Delete(':provider')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Unlink an identity provider from the caller’s account' })
  @ApiNoContentResponse({ description: 'Unlinked.' })
  @ApiProblem(404, 'SOCIAL_LINK_NOT_FOUND', 'This provider is not linked')
  @ApiProblem(409, 'LAST_SIGN_IN_METHOD', 'The account has no password and no other provider')
  @ApiProblem(400, 'INVALID_DEVICE_ID', 'X-Device-Id is malformed')
  @ApiGuarded()
  async unlink(
    @Param('provider') provider: string,
    @CurrentUser() user: UserPrincipal,
    @Req() request: FastifyRequest,
  ): Promise<void> {
    await this.links.unlink(user.userId, provider, clientOf(request));
  }
}
