import type { BatchProgress, BatchRecord } from '../batches.types';
import type { BatchDto, BatchSummaryDto } from './batch.dto';

/** The batch as callers see it: no caller id, no variables (they may be personal). */
export function toBatchDto({
  callerId: _c,
  variables: _v,
  templateId: _t,
  totalRecipients: _n,
  processedRecipients: _p,
  ...batch
}: BatchProgress): BatchDto {
  return batch;
}

export function toBatchSummaryDto(batch: BatchRecord): BatchSummaryDto {
  return {
    id: batch.id,
    name: batch.name,
    status: batch.status,
    templateKey: batch.templateKey,
    templateVersion: batch.templateVersion,
    channels: batch.channels,
    priority: batch.priority,
    totalRecipients: batch.totalRecipients,
    processedRecipients: batch.processedRecipients,
    report: batch.report,
    createdAt: batch.createdAt,
    completedAt: batch.completedAt,
    ownerId: batch.ownerId,
  };
}
