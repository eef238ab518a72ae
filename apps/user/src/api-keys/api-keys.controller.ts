import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiInvalid, ApiProblem, PageQueryDto } from '@orion/core';
import {
  CurrentPrincipal,
  CurrentUser,
  Principal,
  RequirePermission,
  RequiresRecentAuthentication,
  UserPrincipal,
} from '@orion/security';
import { ApiKeysService } from './api-keys.service';
import {
  ApiKeyListDto,
  ApiKeyOwnerParamsDto,
  ApiKeyParamsDto,
  IssuedApiKeyDto,
  toApiKeyDto,
  toIssuedApiKeyDto,
  UserApiKeyParamsDto,
} from './dto/api-key.dto';
import { CreateApiKeyDto } from './dto/create-api-key.dto';

const BadCursor = () => ApiProblem(400, 'INVALID_CURSOR', 'A cursor this list did not hand out');
const NotFound = () => ApiProblem(404, 'API_KEY_NOT_FOUND', 'Unknown, deleted or not yours');

async function listed(promise: ReturnType<ApiKeysService['list']>): Promise<ApiKeyListDto> {
  const page = await promise;
  return { items: page.items.map(toApiKeyDto), nextCursor: page.nextCursor };
}

/** The caller's own keys. */
@ApiTags('api-keys')
@Controller('users/me/api-keys')
export class MyApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post()
  @RequirePermission('api-keys:create')
  @RequiresRecentAuthentication()
  @ApiOperation({ summary: 'Create an API key; its secret is in this response only' })
  @ApiCreatedResponse({ type: IssuedApiKeyDto })
  @ApiInvalid()
  @ApiProblem(400, 'API_KEY_EXPIRY_IN_PAST', 'expiresAt is not in the future')
  @ApiProblem(403, 'API_KEY_SCOPE_NOT_HELD', 'The owner lacks some of the scopes')
  @ApiProblem(403, 'EMAIL_VERIFICATION_REQUIRED', 'The owner has not verified their e-mail address yet')
  async create(@CurrentUser() me: UserPrincipal, @Body() body: CreateApiKeyDto): Promise<IssuedApiKeyDto> {
    const expiresAt = body.expiresAt ? new Date(body.expiresAt) : undefined;
    return toIssuedApiKeyDto(await this.keys.create(me.userId, { ...body, expiresAt }, me));
  }

  @Get()
  @ApiOperation({ summary: 'List my API keys (never their secrets)' })
  @ApiOkResponse({ type: ApiKeyListDto })
  @ApiInvalid()
  @BadCursor()
  list(@CurrentUser() me: UserPrincipal, @Query() page: PageQueryDto): Promise<ApiKeyListDto> {
    return listed(this.keys.list(me.userId, page.limit, page.cursor));
  }

  @Post(':keyId/rotate')
  @RequirePermission('api-keys:create')
  @RequiresRecentAuthentication()
  @ApiOperation({ summary: 'Replace a key; the old one keeps working for API_KEY_ROTATION_OVERLAP_S' })
  @ApiCreatedResponse({ type: IssuedApiKeyDto })
  @ApiInvalid()
  @NotFound()
  @ApiProblem(409, 'API_KEY_NOT_ACTIVE', 'Revoked, expired or already rotated')
  @ApiProblem(403, 'API_KEY_SCOPE_NOT_HELD', 'The owner no longer holds some of the scopes')
  async rotate(@CurrentUser() me: UserPrincipal, @Param() params: ApiKeyParamsDto): Promise<IssuedApiKeyDto> {
    return toIssuedApiKeyDto(await this.keys.rotate(me.userId, params.keyId, me));
  }

  @Delete(':keyId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke one of my keys, effective on its next use' })
  @ApiNoContentResponse({ description: 'Revoked.' })
  @ApiInvalid()
  @NotFound()
  async revoke(@CurrentUser() me: UserPrincipal, @Param() params: ApiKeyParamsDto): Promise<void> {
    await this.keys.revoke(me.userId, params.keyId, me);
  }
}

/** Any user's keys, for administrators. */
@ApiTags('api-keys')
@Controller('users/:userId/api-keys')
export class UserApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Get()
  @RequirePermission('api-keys:read')
  @ApiOperation({ summary: "List a user's API keys" })
  @ApiOkResponse({ type: ApiKeyListDto })
  @ApiInvalid()
  @BadCursor()
  list(@Param() params: ApiKeyOwnerParamsDto, @Query() page: PageQueryDto): Promise<ApiKeyListDto> {
    return listed(this.keys.list(params.userId, page.limit, page.cursor));
  }

  @Delete(':keyId')
  @HttpCode(204)
  @RequirePermission('api-keys:revoke')
  @ApiOperation({ summary: "Revoke a user's API key" })
  @ApiProblem(403, 'TARGET_OUTRANKS_ACTOR', 'The owner holds a permission the caller does not hold')
  @ApiNoContentResponse({ description: 'Revoked.' })
  @ApiInvalid()
  @NotFound()
  async revoke(@CurrentPrincipal() caller: Principal, @Param() params: UserApiKeyParamsDto): Promise<void> {
    await this.keys.revoke(params.userId, params.keyId, caller);
  }
}
