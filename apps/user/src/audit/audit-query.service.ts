import { HttpStatus, Injectable } from '@nestjs/common';
import { DomainError, NEWEST_FIRST_CURSOR, PagePosition, toPage } from '@orion/core';
import { AuditRepository } from './audit.repository';
import type { AuditFilter, AuditRecord } from './audit.types';

export class InvalidTimeRangeError extends DomainError {
  readonly code = 'INVALID_TIME_RANGE';
  readonly status = HttpStatus.BAD_REQUEST;

  constructor() {
    super('"from" must be earlier than "to".');
  }
}

export interface AuditQuery {
  actorId?: string;
  action?: AuditFilter['action'];
  resourceType?: string;
  resourceId?: string;
  requestId?: string;
  from?: string;
  to?: string;
}

const EXPORT_BATCH = 500;

/** Reading the audit log: administrators' search and export, newest first. */
@Injectable()
export class AuditQueryService {
  constructor(private readonly audit: AuditRepository) {}

  async list(query: AuditQuery, limit = 20, cursor?: string) {
    const filter = toFilter(query);
    const rows = await this.audit.page(filter, limit + 1, NEWEST_FIRST_CURSOR.decode(cursor));
    return toPage(rows, limit, NEWEST_FIRST_CURSOR.encode);
  }

  /**
   * Every matching record, fetched in batches so an export never holds the whole log. The filter
   * is checked now, before the caller starts sending, so a bad one is still a 400.
   */
  all(query: AuditQuery): AsyncGenerator<AuditRecord> {
    return this.batches(toFilter(query));
  }

  private async *batches(filter: AuditFilter): AsyncGenerator<AuditRecord> {
    let after: PagePosition | undefined;
    for (;;) {
      const rows = await this.audit.page(filter, EXPORT_BATCH, after);
      yield* rows;
      if (rows.length < EXPORT_BATCH) return;
      after = rows[rows.length - 1];
    }
  }
}

function toFilter(query: AuditQuery): AuditFilter {
  const from = query.from ? new Date(query.from) : undefined;
  const to = query.to ? new Date(query.to) : undefined;
  if (from && to && from >= to) throw new InvalidTimeRangeError();
  return { ...query, from, to };
}
