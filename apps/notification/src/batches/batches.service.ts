import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock, NEWEST_FIRST_CURSOR, Page, RequestValidationError, toPage } from '@orion/core';
import type { Principal } from '@orion/security';
import { TransactionRunner } from '../database/transaction.runner';
import { ChannelAvailabilityService } from '../channels/channel-availability.service';
import { IdempotencyKeyReusedError } from '../idempotency/idempotency.errors';
import { asSet, isOtherRequest, requestFingerprint } from '../idempotency/request-fingerprint';
import { OwnershipService } from '../ownership/ownership.service';
import { callerIdOf } from '../notifications/notifications.service';
import { renderVersion, TemplateRendererService } from '../templates/template-renderer.service';
import { BatchExpansionService } from './batch-expansion.service';
import { BatchQueueService } from './batch-queue.service';
import type { Audience, BatchProgress, BatchRecord, BatchStatus } from './batches.types';
import { BATCHES_CONFIG, BatchesConfig } from './batches.config';
import { BatchNotCancellableError, BatchNotFoundError, BatchTooLargeError } from './batches.errors';
import { BatchesRepository, DuplicateBatchError } from './batches.repository';
import type { Channel, Priority } from '../notifications/notifications.types';

export interface CreateBatchInput {
  name: string;
  template: { key: string; version?: number; locale?: string };
  channels?: Channel[];
  priority?: Priority;
  /** User ids, or an audience (exactly one of the two). */
  recipients?: string[];
  audience?: Audience;
  variables?: Record<string, unknown>;
  idempotencyKey?: string;
}

/**
 * Accepting, reading and cancelling batches. A batch is checked up front (template published,
 * channels it has content for, the shared variables valid) so that a bad request fails with a
 * problem instead of thousands of refused sends; recipients are expanded in the background.
 */
@Injectable()
export class BatchesService {
  private readonly logger = new Logger(BatchesService.name);

  constructor(
    private readonly batches: BatchesRepository,
    private readonly templates: TemplateRendererService,
    private readonly expansion: BatchExpansionService,
    private readonly queue: BatchQueueService,
    private readonly ownership: OwnershipService,
    private readonly availability: ChannelAvailabilityService,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
    @Inject(BATCHES_CONFIG) private readonly config: BatchesConfig,
  ) {}

  /** Returns the batch and whether it was created now (false: the idempotency key was used before). */
  async create(
    input: CreateBatchInput,
    caller: Principal,
  ): Promise<{ batch: BatchProgress; created: boolean }> {
    const callerId = callerIdOf(caller);
    const ownerId = this.ownership.ownerOf(caller);
    const idempotency = this.idempotencyOf(input, callerId);
    if (idempotency) {
      const earlier = await this.batches.findByIdempotencyKey(idempotency.scopedKey);
      if (earlier) return this.replay(earlier, idempotency);
    }
    if ((input.recipients === undefined) === (input.audience === undefined)) {
      throw new RequestValidationError([
        { field: 'recipients', messages: ['give either recipients (user ids) or an audience, not both'] },
      ]);
    }
    const recipients = [...new Set((input.recipients ?? []).map((id) => id.toLowerCase()))];
    if (recipients.length > this.config.maxRecipients) {
      throw new BatchTooLargeError(recipients.length, this.config.maxRecipients);
    }
    const { template, version, channels } = await this.checkTemplate(input);
    let batch;
    try {
      const stored = {
        name: input.name,
        templateId: template.id,
        templateKey: template.key,
        templateVersion: version,
        locale: input.template.locale ?? null,
        channels,
        priority: input.priority ?? 'low',
        variables: input.variables ?? {},
        recipients,
        audience: input.audience ?? null,
        idempotencyKey: idempotency?.scopedKey ?? null,
        requestHash: idempotency?.requestHash ?? null,
        callerId,
        createdById: caller.kind === 'user' ? caller.userId : null,
        ownerId,
      };
      batch = await this.transactions.run((tx) => this.batches.create(stored, tx), { timeout: 60_000 });
    } catch (error) {
      if (error instanceof DuplicateBatchError && idempotency) {
        const earlier = await this.batches.findByIdempotencyKey(idempotency.scopedKey);
        if (earlier) return this.replay(earlier, idempotency);
      }
      throw error;
    }
    // Should the queue be unreachable now, the batch stays PENDING and is queued again at boot.
    await this.queue
      .expand(batch.id)
      .catch((error: Error) => this.logger.warn({ batchId: batch.id }, `batch not queued: ${error.message}`));
    return { batch: await this.progressOf(batch.id), created: true };
  }

  /** Queues the expansion of batches accepted while the queue was unreachable; a queued one stays single. */
  async queueUnstarted(limit: number): Promise<void> {
    for (const batchId of await this.batches.unstarted(limit)) await this.queue.expand(batchId);
  }

  /** The key scoped to the caller, and the fingerprint of the request it comes with. */
  private idempotencyOf({ idempotencyKey: key, ...request }: CreateBatchInput, callerId: string) {
    if (!key) return null;
    const requestHash = requestFingerprint('notification-batches.create', callerId, {
      ...request,
      recipients: asSet(request.recipients),
      channels: asSet(request.channels),
    });
    return { key, scopedKey: `${callerId}:${key}`, requestHash };
  }

  /** The first batch, for a repeat of its request; another request under its key is refused. */
  private async replay(
    earlier: BatchRecord,
    idempotency: { key: string; requestHash: string },
  ): Promise<{ batch: BatchProgress; created: boolean }> {
    if (isOtherRequest(earlier.requestHash, idempotency.requestHash)) {
      throw new IdempotencyKeyReusedError(idempotency.key);
    }
    return { batch: await this.progressOf(earlier.id), created: false };
  }

  /** The caller's batches; every owner's with notifications:admin. */
  async list(
    caller: Principal,
    limit: number,
    cursor?: string,
    status?: BatchStatus,
  ): Promise<Page<BatchRecord>> {
    const scope = await this.ownership.administrable(caller);
    const rows = await this.batches.page(scope, limit + 1, NEWEST_FIRST_CURSOR.decode(cursor), status);
    return toPage(rows, limit, NEWEST_FIRST_CURSOR.encode);
  }

  /** Another owner's batch is not found, exactly as an unknown one (unless notifications:admin). */
  async get(id: string, caller: Principal): Promise<BatchProgress> {
    await this.findVisible(id, caller);
    return this.progressOf(id);
  }

  async cancel(id: string, caller: Principal): Promise<BatchProgress> {
    const batch = await this.findVisible(id, caller);
    const cancelled = await this.transactions.run((tx) => this.batches.cancel(id, this.clock.now(), tx));
    if (!cancelled) throw new BatchNotCancellableError(batch.status);
    // Settled later rather than now: an expansion round may still be finishing its sends.
    await this.queue.settleLater(id);
    return this.progressOf(id);
  }

  private async findVisible(id: string, caller: Principal): Promise<BatchRecord> {
    const batch = await this.batches.findWithin(id, await this.ownership.administrable(caller));
    if (!batch) throw new BatchNotFoundError(id);
    return batch;
  }

  private async progressOf(id: string): Promise<BatchProgress> {
    const progress = await this.expansion.progress(id);
    if (!progress) throw new BatchNotFoundError(id);
    return progress;
  }

  /** Pins the version and checks every channel renders with the shared variables (per-user ones aside). */
  private async checkTemplate(input: CreateBatchInput) {
    const { template, version } = await this.templates.loadVersion(
      input.template.key,
      input.template.version,
    );
    const defaults = template.defaultChannels.length
      ? template.defaultChannels
      : (Object.keys(version.content[template.defaultLocale] ?? {}) as Channel[]);
    // Every recipient's send names these channels, so an unconfigured one is refused here, once.
    const named = input.channels?.length ? [...new Set(input.channels)] : undefined;
    if (named) this.availability.requireConfigured(named);
    const channels = named ?? this.availability.keepConfigured([...new Set(defaults)]);
    const variables = input.variables ?? {};
    // Throws the same 422 problems a single send would (missing variable, channel without content).
    for (const channel of channels)
      renderVersion({ template, version }, channel, input.template.locale, variables);
    return { template, version: version.version, channels };
  }
}
