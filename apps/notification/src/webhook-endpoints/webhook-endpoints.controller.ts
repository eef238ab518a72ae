import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiProblem, PageQueryDto } from '@orion/core';
import { CurrentPrincipal, Principal, RequirePermission } from '@orion/security';
import {
  CreateWebhookEndpointDto,
  IssuedWebhookEndpointDto,
  UpdateWebhookEndpointDto,
  WebhookEndpointDto,
  WebhookEndpointPageDto,
  WebhookEndpointParamsDto,
} from './dto/webhook-endpoint.dto';
import { toIssuedWebhookEndpointDto, toWebhookEndpointDto } from './webhook-endpoint-view';
import { WebhookEndpointsService } from './webhook-endpoints.service';

const Invalid = () =>
  ApiProblem(400, 'VALIDATION_FAILED', 'Invalid path, query or body; errors lists every field');
const NotFound = () => ApiProblem(404, 'WEBHOOK_ENDPOINT_NOT_FOUND', 'Unknown or deleted');
const UrlRejected = () =>
  ApiProblem(422, 'WEBHOOK_URL_REJECTED', 'Not https, carries credentials, or a private address');

function callerId(principal: Principal): string | null {
  return principal.kind === 'user' ? principal.userId : (principal.ownerId ?? null);
}

/** URLs that receive notifications as signed POSTs; a notification names one as its recipient. */
@ApiTags('webhook-endpoints')
@Controller('webhook-endpoints')
export class WebhookEndpointsController {
  constructor(private readonly endpoints: WebhookEndpointsService) {}

  @Post()
  @RequirePermission('notifications:send')
  @ApiOperation({ summary: 'Register an endpoint; its signing secret is in this response only' })
  @ApiCreatedResponse({ type: IssuedWebhookEndpointDto })
  @Invalid()
  @UrlRejected()
  async create(
    @CurrentPrincipal() caller: Principal,
    @Body() body: CreateWebhookEndpointDto,
  ): Promise<IssuedWebhookEndpointDto> {
    return toIssuedWebhookEndpointDto(await this.endpoints.create(body, callerId(caller)));
  }

  @Get()
  @RequirePermission('notifications:send')
  @ApiOperation({ summary: 'List endpoints, newest first (never their secrets)' })
  @ApiOkResponse({ type: WebhookEndpointPageDto })
  @Invalid()
  @ApiProblem(400, 'INVALID_CURSOR', 'A cursor this list did not hand out')
  async list(@Query() page: PageQueryDto): Promise<WebhookEndpointPageDto> {
    const result = await this.endpoints.list(page.limit, page.cursor);
    return { items: result.items.map(toWebhookEndpointDto), nextCursor: result.nextCursor };
  }

  @Get(':endpointId')
  @RequirePermission('notifications:send')
  @ApiOperation({ summary: 'One endpoint (never its secret)' })
  @ApiOkResponse({ type: WebhookEndpointDto })
  @Invalid()
  @NotFound()
  async get(@Param() params: WebhookEndpointParamsDto): Promise<WebhookEndpointDto> {
    return toWebhookEndpointDto(await this.endpoints.get(params.endpointId));
  }

  @Patch(':endpointId')
  @RequirePermission('notifications:send')
  @ApiOperation({ summary: 'Change the URL or description, or enable/disable the endpoint' })
  @ApiOkResponse({ type: WebhookEndpointDto })
  @Invalid()
  @NotFound()
  @UrlRejected()
  async update(
    @Param() params: WebhookEndpointParamsDto,
    @Body() body: UpdateWebhookEndpointDto,
  ): Promise<WebhookEndpointDto> {
    return toWebhookEndpointDto(await this.endpoints.update(params.endpointId, body));
  }

  @Post(':endpointId/rotate-secret')
  @RequirePermission('notifications:send')
  @ApiOperation({
    summary:
      'New signing secret; the old one also signs (a second v1 signature) for WEBHOOK_SECRET_ROTATION_OVERLAP_S',
  })
  @ApiCreatedResponse({ type: IssuedWebhookEndpointDto })
  @Invalid()
  @NotFound()
  async rotate(@Param() params: WebhookEndpointParamsDto): Promise<IssuedWebhookEndpointDto> {
    return toIssuedWebhookEndpointDto(await this.endpoints.rotateSecret(params.endpointId));
  }

  @Delete(':endpointId')
  @HttpCode(204)
  @RequirePermission('notifications:send')
  @ApiOperation({ summary: 'Delete an endpoint; notifications addressed to it fail permanently' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @Invalid()
  @NotFound()
  async remove(@Param() params: WebhookEndpointParamsDto): Promise<void> {
    await this.endpoints.remove(params.endpointId);
  }
}
