import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiInvalid, ApiProblem } from '@orion/core';
import { BearerOrApiKeyAuth, CurrentPrincipal, Principal, RequirePermission } from '@orion/security';
import type { FastifyReply } from 'fastify';
import {
  ListNotificationsQueryDto,
  NotificationDetailDto,
  NotificationDto,
  NotificationPageDto,
  NotificationParamsDto,
  SendNotificationResponseDto,
  toNotificationDetailDto,
  toNotificationDto,
} from './dto/notification.dto';
import { SendNotificationDto } from './dto/send-notification.dto';
import { callerIdOf, NotificationsService, READ_PERMISSION } from './notifications.service';
import { ownerIdOf } from '../ownership/ownership.types';
import { SendNotificationUseCase } from './send-notification.usecase';

const NotFound = () =>
  ApiProblem(404, 'NOTIFICATION_NOT_FOUND', 'No such notification (or not yours to see)');

/** Sending for services (X-API-Key) and users holding notifications:send; reading and cancelling. */
@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(
    private readonly send: SendNotificationUseCase,
    private readonly notifications: NotificationsService,
  ) {}

  @Post()
  @HttpCode(202)
  @BearerOrApiKeyAuth()
  @RequirePermission('notifications:send')
  @ApiOperation({
    summary: 'Send a notification: one per channel, delivered in the background',
    description:
      'Repeating a request with the same idempotencyKey returns the first notifications with 200; ' +
      'the same key with a different request is refused with 409.',
  })
  @ApiAcceptedResponse({
    type: SendNotificationResponseDto,
    description: 'Accepted and queued (or scheduled)',
  })
  @ApiOkResponse({ type: SendNotificationResponseDto, description: 'The idempotency key was used before' })
  @ApiProblem(409, 'IDEMPOTENCY_KEY_REUSED', 'The idempotencyKey was used before with a different request')
  @ApiInvalid()
  @ApiProblem(
    404,
    'WEBHOOK_ENDPOINT_NOT_FOUND',
    "The webhookEndpointId is unknown, deleted or another owner's",
  )
  @ApiProblem(
    422,
    'RECIPIENT_NOT_FOUND',
    'Unknown or inactive recipient, no address for a channel, no content',
  )
  @ApiProblem(
    422,
    'CHAT_WEBHOOK_URL_REJECTED',
    'A Slack or Discord URL not on SLACK_WEBHOOK_HOSTS / DISCORD_WEBHOOK_HOSTS, not https, or a private address',
  )
  async create(
    @CurrentPrincipal() caller: Principal,
    @Body() body: SendNotificationDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SendNotificationResponseDto> {
    const { userId, ...addresses } = body.recipient;
    const result = await this.send.execute({
      recipient: userId ? { userId } : addresses,
      template: body.template,
      content: body.content,
      channels: body.channels,
      priority: body.priority,
      variables: body.variables,
      category: body.category,
      scheduledAt: body.scheduledAt ? new Date(body.scheduledAt) : undefined,
      idempotencyKey: body.idempotencyKey,
      correlationId: body.correlationId,
      callerId: callerIdOf(caller),
      ownerId: ownerIdOf(caller),
    });
    if (!result.created) reply.status(200);
    return result;
  }

  @Get()
  @RequirePermission(READ_PERMISSION)
  @ApiOperation({ summary: 'List notifications, newest first, with filters' })
  @ApiOkResponse({ type: NotificationPageDto })
  @ApiInvalid()
  @ApiProblem(400, 'INVALID_CURSOR', 'A cursor this list did not hand out')
  async list(@Query() query: ListNotificationsQueryDto): Promise<NotificationPageDto> {
    const { limit, cursor, createdFrom, createdTo, ...filter } = query;
    const page = await this.notifications.list(
      {
        ...filter,
        createdFrom: createdFrom ? new Date(createdFrom) : undefined,
        createdTo: createdTo ? new Date(createdTo) : undefined,
      },
      limit,
      cursor,
    );
    return { items: page.items.map(toNotificationDto), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @BearerOrApiKeyAuth()
  @ApiOperation({
    summary: 'A notification with its delivery attempts (its sender, its recipient, or notifications:read)',
  })
  @ApiOkResponse({ type: NotificationDetailDto })
  @ApiInvalid()
  @NotFound()
  async get(
    @CurrentPrincipal() caller: Principal,
    @Param() params: NotificationParamsDto,
  ): Promise<NotificationDetailDto> {
    return toNotificationDetailDto(await this.notifications.get(params.id, caller));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @BearerOrApiKeyAuth()
  @ApiOperation({ summary: 'Cancel a notification that is still pending, scheduled or queued' })
  @ApiOkResponse({ type: NotificationDto })
  @ApiInvalid()
  @NotFound()
  @ApiProblem(409, 'NOTIFICATION_NOT_CANCELLABLE', 'Already being delivered, delivered, failed or cancelled')
  async cancel(
    @CurrentPrincipal() caller: Principal,
    @Param() params: NotificationParamsDto,
  ): Promise<NotificationDto> {
    return toNotificationDto(await this.notifications.cancel(params.id, caller));
  }
}
