import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiInvalid, ApiProblem } from '@orion/core';
import { CurrentUser, UserPrincipal } from '@orion/security';
import {
  CreatePushSubscriptionDto,
  PushSubscriptionDto,
  PushSubscriptionListDto,
  PushSubscriptionParamsDto,
  toPushSubscriptionDto,
} from './dto/push-subscription.dto';
import { PushSubscriptionsService } from './push-subscriptions.service';

/** The signed-in user's browsers and devices that receive Web Push notifications. */
@ApiTags('push-subscriptions')
@Controller('push-subscriptions')
export class PushSubscriptionsController {
  constructor(private readonly subscriptions: PushSubscriptionsService) {}

  @Post()
  @ApiOperation({ summary: 'Register this browser (the body is PushSubscription.toJSON())' })
  @ApiCreatedResponse({ type: PushSubscriptionDto })
  // Swagger documents a header the handler reads as required; this one only labels the device.
  @ApiHeader({ name: 'user-agent', required: false, description: 'Stored as the subscription’s userAgent' })
  @ApiInvalid()
  @ApiProblem(422, 'PUSH_SUBSCRIPTION_REJECTED', 'Endpoint not allowed or keys malformed')
  @ApiProblem(409, 'PUSH_SUBSCRIPTION_TAKEN', 'Another account registered this endpoint; subscribe anew')
  async register(
    @CurrentUser() me: UserPrincipal,
    @Body() body: CreatePushSubscriptionDto,
    @Headers('user-agent') userAgent?: string,
  ): Promise<PushSubscriptionDto> {
    return toPushSubscriptionDto(await this.subscriptions.register(me.userId, body, userAgent ?? null));
  }

  @Get()
  @ApiOperation({ summary: 'My push subscriptions, and the VAPID public key to subscribe with' })
  @ApiOkResponse({ type: PushSubscriptionListDto })
  async list(@CurrentUser() me: UserPrincipal): Promise<PushSubscriptionListDto> {
    const items = await this.subscriptions.list(me.userId);
    return { items: items.map(toPushSubscriptionDto), vapidPublicKey: this.subscriptions.vapidPublicKey() };
  }

  @Delete(':subscriptionId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Stop push notifications to one of my browsers' })
  @ApiNoContentResponse({ description: 'Removed.' })
  @ApiInvalid()
  @ApiProblem(404, 'PUSH_SUBSCRIPTION_NOT_FOUND', 'Unknown or not yours')
  async remove(@CurrentUser() me: UserPrincipal, @Param() params: PushSubscriptionParamsDto): Promise<void> {
    await this.subscriptions.remove(me.userId, params.subscriptionId);
  }
}
