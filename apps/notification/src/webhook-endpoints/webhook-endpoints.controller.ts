import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiInvalid, ApiProblem, PageQueryDto } from '@orion/core';
import { BearerOrApiKeyAuth, CurrentPrincipal, Principal, RequirePermission } from '@orion/security';
import {
  CreateWebhookEndpointDto,
  IssuedWebhookEndpointDto,
  toIssuedWebhookEndpointDto,
  toWebhookEndpointDto,
  UpdateWebhookEndpointDto,
  WebhookEndpointDto,
  WebhookEndpointPageDto,
  WebhookEndpointParamsDto,
} from './dto/webhook-endpoint.dto';
import { OwnershipService } from '../ownership/ownership.service';
import { WebhookEndpointsService } from './webhook-endpoints.service';

/** Users and API keys alike: a backend registers the endpoints it sends to with its own key. */
const MANAGE = 'webhooks:manage';
const NotFound = () =>
  ApiProblem(
    404,
    'WEBHOOK_ENDPOINT_NOT_FOUND',
    "Unknown, deleted, or another owner's (without notifications:admin)",
  );
const NoOwner = () => ApiProblem(403, 'OWNER_REQUIRED', 'An API key without an owner cannot own endpoints');
const UrlRejected = () =>
  ApiProblem(422, 'WEBHOOK_URL_REJECTED', 'Not https, carries credentials, or a private address');

/**
 * URLs that receive notifications as signed POSTs; a notification names one as its recipient.
 * Each belongs to the caller's owner (the user, or the API key's owner): another owner's endpoint
 * is 404 on every route, unless the caller holds notifications:admin. Every route needs
 * webhooks:manage: a user's permission, or among an API key's scopes.
 */
@ApiTags('webhook-endpoints')
@BearerOrApiKeyAuth()
@Controller('webhook-endpoints')
export class WebhookEndpointsController {
  constructor(
    private readonly endpoints: WebhookEndpointsService,
    private readonly ownership: OwnershipService,
  ) {}

  @Post()
  @RequirePermission(MANAGE)
  @ApiOperation({ summary: 'Register an endpoint; its signing secret is in this response only' })
  @ApiCreatedResponse({ type: IssuedWebhookEndpointDto })
  @ApiInvalid()
  @UrlRejected()
  @NoOwner()
  async create(
    @CurrentPrincipal() caller: Principal,
    @Body() body: CreateWebhookEndpointDto,
  ): Promise<IssuedWebhookEndpointDto> {
    return toIssuedWebhookEndpointDto(await this.endpoints.create(body, this.ownership.ownerOf(caller)));
  }

  @Get()
  @RequirePermission(MANAGE)
  @ApiOperation({
    summary:
      "List the caller's endpoints, newest first (never their secrets); every owner's with notifications:admin",
  })
  @ApiOkResponse({ type: WebhookEndpointPageDto })
  @ApiInvalid()
  @ApiProblem(400, 'INVALID_CURSOR', 'A cursor this list did not hand out')
  async list(
    @CurrentPrincipal() caller: Principal,
    @Query() page: PageQueryDto,
  ): Promise<WebhookEndpointPageDto> {
    const scope = await this.ownership.administrable(caller);
    const result = await this.endpoints.list(scope, page.limit, page.cursor);
    return { items: result.items.map(toWebhookEndpointDto), nextCursor: result.nextCursor };
  }

  @Get(':endpointId')
  @RequirePermission(MANAGE)
  @ApiOperation({ summary: 'One endpoint (never its secret)' })
  @ApiOkResponse({ type: WebhookEndpointDto })
  @ApiInvalid()
  @NotFound()
  async get(
    @CurrentPrincipal() caller: Principal,
    @Param() params: WebhookEndpointParamsDto,
  ): Promise<WebhookEndpointDto> {
    const scope = await this.ownership.administrable(caller);
    return toWebhookEndpointDto(await this.endpoints.get(params.endpointId, scope));
  }

  @Patch(':endpointId')
  @RequirePermission(MANAGE)
  @ApiOperation({ summary: 'Change the URL or description, or enable/disable the endpoint' })
  @ApiOkResponse({ type: WebhookEndpointDto })
  @ApiInvalid()
  @NotFound()
  @UrlRejected()
  async update(
    @CurrentPrincipal() caller: Principal,
    @Param() params: WebhookEndpointParamsDto,
    @Body() body: UpdateWebhookEndpointDto,
  ): Promise<WebhookEndpointDto> {
    const scope = await this.ownership.administrable(caller);
    return toWebhookEndpointDto(await this.endpoints.update(params.endpointId, scope, body));
  }

  @Post(':endpointId/rotate-secret')
  @RequirePermission(MANAGE)
  @ApiOperation({
    summary:
      'New signing secret; the old one also signs (a second v1 signature) for WEBHOOK_SECRET_ROTATION_OVERLAP_S',
  })
  @ApiCreatedResponse({ type: IssuedWebhookEndpointDto })
  @ApiInvalid()
  @NotFound()
  async rotate(
    @CurrentPrincipal() caller: Principal,
    @Param() params: WebhookEndpointParamsDto,
  ): Promise<IssuedWebhookEndpointDto> {
    const scope = await this.ownership.administrable(caller);
    return toIssuedWebhookEndpointDto(await this.endpoints.rotateSecret(params.endpointId, scope));
  }

  @Delete(':endpointId')
  @HttpCode(204)
  @RequirePermission(MANAGE)
  @ApiOperation({ summary: 'Delete an endpoint; notifications addressed to it fail permanently' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiInvalid()
  @NotFound()
  async remove(
    @CurrentPrincipal() caller: Principal,
    @Param() params: WebhookEndpointParamsDto,
  ): Promise<void> {
    await this.endpoints.remove(params.endpointId, await this.ownership.administrable(caller));
  }
}
