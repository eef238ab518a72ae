import { Injectable, Logger } from '@nestjs/common';
import { NEWEST_FIRST_CURSOR, Page, toPage } from '@orion/core';
import type { Tx } from '../database/transaction.runner';
import { SecurityEventsRepository } from './security-events.repository';
import { NewSecurityEvent, SecurityEventFilter, SecurityEventView } from './security-event.types';

/** The one way anything in this service records a security event, and reads them back. */
@Injectable()
export class SecurityEventsService {
  private readonly logger = new Logger(SecurityEventsService.name);

  constructor(private readonly events: SecurityEventsRepository) {}

  /** Inside `tx` when given (the change it reports commits with it), else on its own. */
  async record(event: NewSecurityEvent, tx?: Tx): Promise<void> {
    await this.events.insert(event, tx);
    this.logger.log({ securityEvent: event.type, userId: event.userId }, 'Security event recorded');
  }

  async page(
    filter: SecurityEventFilter,
    query: { limit: number; cursor?: string },
  ): Promise<Page<SecurityEventView>> {
    const after = NEWEST_FIRST_CURSOR.decode(query.cursor);
    const rows = await this.events.list(filter, query.limit + 1, after);
    return toPage(rows, query.limit, (last) => NEWEST_FIRST_CURSOR.encode(last));
  }
}
