import { Injectable } from '@nestjs/common';
import type { AudiencePage, ListAudienceRequest } from '@orion/contracts';
import { Clock } from '@orion/core';
import { AudienceRepository } from './audience.repository';

/** Who a bulk notification reaches: live accounts, optionally holding a role right now. */
@Injectable()
export class AudienceService {
  constructor(
    private readonly audience: AudienceRepository,
    private readonly clock: Clock,
  ) {}

  page(request: ListAudienceRequest): Promise<AudiencePage> {
    return this.audience.page(request, this.clock.now());
  }
}
