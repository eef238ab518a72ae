import { Injectable } from '@nestjs/common';
import { LIST_AUDIENCE } from '@orion/contracts';
import { InjectServiceClient, ServiceClient } from '@orion/core';
import type { BatchRecord } from './batches.types';
import { BatchesRepository } from './batches.repository';

const PAGE = 1_000;

/** Lists an audience's members through the user service into the batch's recipients. */
@Injectable()
export class BatchAudienceService {
  constructor(
    @InjectServiceClient('user') private readonly users: ServiceClient,
    private readonly batches: BatchesRepository,
  ) {}

  async resolve(batch: BatchRecord): Promise<void> {
    if (!batch.audience || batch.audienceResolved) return;
    let afterId: string | undefined;
    do {
      const page = await this.users.send(
        LIST_AUDIENCE,
        {
          limit: PAGE,
          ...(batch.audience.role && { role: batch.audience.role }),
          ...(batch.audience.statuses && { statuses: batch.audience.statuses }),
          ...(afterId && { afterId }),
        },
        { idempotent: true },
      );
      if (page.userIds.length > 0) await this.batches.addRecipients(batch.id, page.userIds);
      afterId = page.nextAfterId ?? undefined;
    } while (afterId);
    await this.batches.markAudienceResolved(batch.id);
  }
}
