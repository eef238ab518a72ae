import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Req } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiInvalid, ApiProblem } from '@orion/core';
import { CurrentUser, RequiresRecentAuthentication, UserPrincipal } from '@orion/security';
import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import type { FastifyRequest } from 'fastify';
import { actingClientOf } from './acting-client';
import {
  CredentialParamsDto,
  RenameCredentialDto,
  WebAuthnCredentialDto,
  WebAuthnCredentialListDto,
  WebAuthnRegisteredDto,
  WebAuthnRegistrationDto,
} from './dto/webauthn.dto';
import { WebAuthnCredentialView } from './two-factor.types';
import { WebAuthnService } from './webauthn.service';

const toDto = (view: WebAuthnCredentialView): WebAuthnCredentialDto => ({
  ...view,
  createdAt: view.createdAt.toISOString(),
  lastUsedAt: view.lastUsedAt?.toISOString() ?? null,
});

const Missing = () => ApiProblem(404, 'TWO_FACTOR_NOT_FOUND', 'No such key of mine');

/** The caller's security keys and passkeys. */
@ApiTags('two-factor')
@Controller('two-factor/webauthn')
export class WebAuthnController {
  constructor(private readonly webauthn: WebAuthnService) {}

  @Post('registration/options')
  @RequiresRecentAuthentication()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Options for navigator.credentials.create()',
    description: 'PublicKeyCredentialCreationOptionsJSON; its challenge is valid for one registration.',
  })
  @ApiOkResponse({ schema: { type: 'object', additionalProperties: true } })
  registrationOptions(@CurrentUser() me: UserPrincipal): Promise<object> {
    return this.webauthn.registrationOptions(me.userId);
  }

  @Post('registration/verify')
  @ApiOperation({ summary: 'Register the new key from the authenticator’s response' })
  @ApiCreatedResponse({ type: WebAuthnRegisteredDto })
  @ApiProblem(422, 'WEBAUTHN_VERIFICATION_FAILED', 'Wrong challenge, origin or RP id, or a bad attestation')
  @ApiInvalid()
  async register(
    @CurrentUser() me: UserPrincipal,
    @Body() body: WebAuthnRegistrationDto,
    @Req() request: FastifyRequest,
  ): Promise<WebAuthnRegisteredDto> {
    const registered = await this.webauthn.register(
      me.userId,
      body.response as unknown as RegistrationResponseJSON,
      body.label,
      actingClientOf(request),
    );
    return { ...registered, credential: toDto(registered.credential) };
  }

  @Get('credentials')
  @ApiOperation({ summary: 'My registered keys' })
  @ApiOkResponse({ type: WebAuthnCredentialListDto })
  async list(@CurrentUser() me: UserPrincipal): Promise<WebAuthnCredentialListDto> {
    return { items: (await this.webauthn.list(me.userId)).map(toDto) };
  }

  @Patch('credentials/:id')
  @ApiOperation({ summary: 'Rename one of my keys' })
  @ApiOkResponse({ type: WebAuthnCredentialDto })
  @Missing()
  @ApiInvalid()
  async rename(
    @CurrentUser() me: UserPrincipal,
    @Param() params: CredentialParamsDto,
    @Body() body: RenameCredentialDto,
    @Req() request: FastifyRequest,
  ): Promise<WebAuthnCredentialDto> {
    return toDto(
      await this.webauthn.rename(me.userId, params.id, body.label.trim(), actingClientOf(request)),
    );
  }

  @Delete('credentials/:id')
  @RequiresRecentAuthentication()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Remove one of my keys' })
  @ApiNoContentResponse({ description: 'Removed; it can no longer sign in.' })
  @Missing()
  @ApiInvalid()
  async remove(
    @CurrentUser() me: UserPrincipal,
    @Param() params: CredentialParamsDto,
    @Req() request: FastifyRequest,
  ): Promise<void> {
    await this.webauthn.remove(me.userId, params.id, actingClientOf(request));
  }
}
