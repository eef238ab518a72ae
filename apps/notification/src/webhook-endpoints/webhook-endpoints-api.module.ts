import { Module } from '@nestjs/common';
import { OwnershipModule } from '../ownership/ownership.module';
import { WebhookEndpointsController } from './webhook-endpoints.controller';
import { WebhookEndpointsModule } from './webhook-endpoints.module';

/**
 * The HTTP routes over webhook endpoints, which decide ownership with the caller's permissions.
 * Delivery needs only WebhookEndpointsModule, so the channels run without the security stack.
 */
@Module({
  imports: [WebhookEndpointsModule, OwnershipModule],
  controllers: [WebhookEndpointsController],
})
export class WebhookEndpointsApiModule {}
