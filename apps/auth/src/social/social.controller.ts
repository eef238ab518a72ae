import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Inject,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiFoundResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiProblem, Public } from '@orion/core';
import { AUTH_CONFIG, AuthConfig } from '../config/auth.config';
import {
  AccessTokenVerifier,
  CurrentUser,
  OptionalBearerToken,
  RequiresRecentAuthentication,
  UserPrincipal,
} from '@orion/security';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { signInClientOf } from '../devices/sign-in-client';
import {
  AuthorizationUrlResponse,
  IdentityProvidersResponse,
  LinkedProvidersResponse,
  RedirectUriDto,
  SocialCallbackResponse,
} from './dto/social.dto';
import { OidcProvidersClient } from './oidc-providers.client';
import { clearFlowCookie, FLOW_BINDING_HEADER, flowBindingOf, setFlowCookie } from './social-flow-cookie';
import { SocialCallbackResult, StartedAuthorization } from './social.types';
import { SocialLinksService } from './social-links.service';
import { SocialSignInService } from './social-sign-in.service';

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
    private readonly clients: OidcProvidersClient,
    private readonly accessTokens: AccessTokenVerifier,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
  ) {}

  /** Binds the flow to this user agent (cookie) and answers the binding for other front ends. */
  private started(reply: FastifyReply, flow: StartedAuthorization): AuthorizationUrlResponse {
    setFlowCookie(reply, flow.state, flow.binding, this.config.account.social.stateTtlS);
    return { authorizationUrl: flow.authorizationUrl, flowBinding: flow.binding };
  }

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
      'OIDC_STATE_TTL_S. Sets an HttpOnly flow cookie; the JSON answer also carries `flowBinding`, ' +
      'which a front end that cannot keep the cookie sends back as X-Social-Flow-Binding.',
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
    const flow = await this.signIn.authorizationUrl(provider, { redirectUri: query.redirectUri });
    const answer = this.started(reply, flow);
    void reply.header('cache-control', 'no-store');
    if ((request.headers.accept ?? '').includes('application/json')) return answer;
    reply.redirect(flow.authorizationUrl, HttpStatus.FOUND);
    return undefined;
  }

  @Public({ optionalBearer: true })
  @Get(':provider/callback')
  @ApiOperation({
    summary: 'Finish signing in (or linking) with the provider’s answer',
    description:
      'Takes the query string the provider redirected with (code, state, iss…). A known identity ' +
      'signs in to its account; a new one signs in to the account with its e-mail address when both ' +
      'the provider and this service verified that address, or gets a new account. Then the same ' +
      'device, risk and second-factor rules as password sign-in apply. A link started with ' +
      '`POST …/link` must be finished with the same account’s Bearer token. The flow cookie set ' +
      'by the start route (or X-Social-Flow-Binding) must come along: a callback URL replayed by ' +
      'anyone else is refused and the flow stays unredeemed.',
  })
  @ApiHeader({
    name: FLOW_BINDING_HEADER,
    required: false,
    description: 'The `flowBinding` the start route answered, for front ends without the cookie',
  })
  @ApiOkResponse({ type: SocialCallbackResponse })
  @ApiProblem(400, 'SOCIAL_STATE_INVALID', 'Unknown, used or expired state')
  @ApiProblem(
    403,
    'SOCIAL_FLOW_BINDING_INVALID',
    'Neither the flow cookie nor X-Social-Flow-Binding of the user agent that started the flow',
  )
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
    @Res({ passthrough: true }) reply: FastifyReply,
    @OptionalBearerToken() token?: string,
  ): Promise<SocialCallbackResult> {
    // Optional here: a sign-in has no token yet; a link needs the one of the account that started it.
    const caller = token ? await this.accessTokens.verify(token) : undefined;
    const params = callbackParams(query);
    const binding = flowBindingOf(request, params.state);
    const result = await this.signIn.complete(
      provider,
      params,
      signInClientOf(request),
      binding,
      caller?.userId,
    );
    clearFlowCookie(reply, params.state as string);
    void reply.header('cache-control', 'no-store');
    return result;
  }

  @Get()
  @ApiOperation({ summary: 'The identity providers linked to the caller’s account' })
  @ApiOkResponse({ type: LinkedProvidersResponse })
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
  @RequiresRecentAuthentication()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Start linking an identity provider to the caller’s account',
    description: 'Send the browser to the returned URL; the callback then links instead of signing in.',
  })
  @ApiOkResponse({ type: AuthorizationUrlResponse })
  @ApiProblem(404, 'IDENTITY_PROVIDER_UNKNOWN', 'No provider with this id is configured')
  @ApiProblem(400, 'REDIRECT_URI_NOT_ALLOWED', 'The redirect URI is not in OIDC_REDIRECT_URIS')
  async link(
    @Param('provider') provider: string,
    @Body() body: RedirectUriDto,
    @CurrentUser() user: UserPrincipal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AuthorizationUrlResponse> {
    const flow = await this.signIn.authorizationUrl(provider, {
      redirectUri: body?.redirectUri,
      linkTo: user.userId,
    });
    return this.started(reply, flow);
  }

  @Delete(':provider')
  @RequiresRecentAuthentication()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Unlink an identity provider from the caller’s account' })
  @ApiNoContentResponse({ description: 'Unlinked.' })
  @ApiProblem(404, 'SOCIAL_LINK_NOT_FOUND', 'This provider is not linked')
  @ApiProblem(409, 'LAST_SIGN_IN_METHOD', 'The account has no password and no other provider')
  @ApiProblem(400, 'INVALID_DEVICE_ID', 'X-Device-Id is malformed')
  async unlink(
    @Param('provider') provider: string,
    @CurrentUser() user: UserPrincipal,
    @Req() request: FastifyRequest,
  ): Promise<void> {
    await this.links.unlink(user.userId, provider, signInClientOf(request));
  }
}
