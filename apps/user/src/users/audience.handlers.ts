import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { AudiencePage, LIST_AUDIENCE, ListAudienceRequest } from '@orion/contracts';
import { HandleCommand } from '@orion/core';
import { AudienceService } from './audience.service';

/** Audiences for the notification service's bulk batches. */
@Controller()
export class AudienceHandlers {
  constructor(private readonly audience: AudienceService) {}

  @HandleCommand(LIST_AUDIENCE)
  list(@Payload() request: ListAudienceRequest): Promise<AudiencePage> {
    return this.audience.page(request);
  }
}
