import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Clock, NEWEST_FIRST_CURSOR, Page, SecretBox, toPage, WEBHOOK_SECRET_PURPOSE } from '@orion/core';
import { CHANNELS_CONFIG, ChannelsConfig } from '../channels/channels.config';
import { targetUrlProblem } from '../channels/providers/target-url';
import type { OwnerScope } from '../ownership/ownership.types';
import { WebhookEndpointNotFoundError, WebhookUrlRejectedError } from './webhook-endpoints.errors';
import { WebhookEndpointsRepository } from './webhook-endpoints.repository';
import type { WebhookEndpointRecord } from './webhook-endpoints.types';

export interface WebhookEndpoint {
  id: string;
  url: string;
  description: string | null;
  enabled: boolean;
  /** Until then the secret before the last rotation still signs beside the current one. */
  previousSecretExpiresAt: Date | null;
  createdById: string | null;
  /** The user it belongs to; null for an endpoint from before owners were recorded. */
  ownerId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** An endpoint with its signing secret: returned on creation and rotation only. */
export interface IssuedWebhookEndpoint extends WebhookEndpoint {
  secret: string;
}

/** What the webhook provider needs to sign and send: the URL and every secret that signs now. */
export interface WebhookTarget {
  url: string;
  secrets: string[];
}

/** Standard Webhooks secrets: "whsec_" + base64 of 24 random bytes. */
function newSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

function toEndpoint(record: WebhookEndpointRecord, now: Date): WebhookEndpoint {
  const overlapping = record.previousSecretExpiresAt && record.previousSecretExpiresAt > now;
  return {
    id: record.id,
    url: record.url,
    description: record.description,
    enabled: record.enabled,
    previousSecretExpiresAt: overlapping ? record.previousSecretExpiresAt : null,
    createdById: record.createdById,
    ownerId: record.ownerId,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

@Injectable()
export class WebhookEndpointsService {
  private readonly box: SecretBox;

  constructor(
    private readonly repository: WebhookEndpointsRepository,
    @Inject(CHANNELS_CONFIG) private readonly config: ChannelsConfig,
    private readonly clock: Clock,
  ) {
    this.box = new SecretBox(config.webhook.secretEncryptionKey, WEBHOOK_SECRET_PURPOSE);
  }

  private checkUrl(url: string): void {
    const problem = targetUrlProblem(url, this.config.outbound);
    if (problem) throw new WebhookUrlRejectedError(problem);
  }

  /** A new endpoint of `ownerId`, created by that owner (or for it, by a holder of notifications:admin). */
  async create(
    input: { url: string; description?: string },
    ownerId: string,
    createdById: string | null = ownerId,
  ): Promise<IssuedWebhookEndpoint> {
    this.checkUrl(input.url);
    const secret = newSecret();
    const record = await this.repository.insert({
      url: input.url,
      description: input.description ?? null,
      secretCiphertext: this.box.seal(secret),
      createdById,
      ownerId,
    });
    return { ...toEndpoint(record, this.clock.now()), secret };
  }

  /** Another owner's endpoint is not found, exactly as an unknown one. */
  async get(id: string, scope: OwnerScope): Promise<WebhookEndpoint> {
    const record = await this.repository.findLive(id, scope);
    if (!record) throw new WebhookEndpointNotFoundError();
    return toEndpoint(record, this.clock.now());
  }

  async list(scope: OwnerScope, limit: number, cursor?: string): Promise<Page<WebhookEndpoint>> {
    const rows = await this.repository.list(scope, limit + 1, NEWEST_FIRST_CURSOR.decode(cursor));
    const now = this.clock.now();
    const page = toPage(rows, limit, NEWEST_FIRST_CURSOR.encode);
    return { items: page.items.map((r) => toEndpoint(r, now)), nextCursor: page.nextCursor };
  }

  async update(
    id: string,
    scope: OwnerScope,
    changes: { url?: string; description?: string; enabled?: boolean },
  ): Promise<WebhookEndpoint> {
    if (changes.url !== undefined) this.checkUrl(changes.url);
    const record = await this.repository.update(id, scope, changes);
    if (!record) throw new WebhookEndpointNotFoundError();
    return toEndpoint(record, this.clock.now());
  }

  /** A new secret; the current one keeps signing for WEBHOOK_SECRET_ROTATION_OVERLAP_S. */
  async rotateSecret(id: string, scope: OwnerScope): Promise<IssuedWebhookEndpoint> {
    const current = await this.repository.findLive(id, scope);
    if (!current) throw new WebhookEndpointNotFoundError();
    const secret = newSecret();
    const previousExpiresAt = new Date(
      this.clock.now().getTime() + this.config.webhook.rotationOverlapS * 1000,
    );
    const record = await this.repository.rotateSecret(
      id,
      scope,
      this.box.seal(secret),
      current.secretCiphertext,
      previousExpiresAt,
    );
    if (!record) throw new WebhookEndpointNotFoundError();
    return { ...toEndpoint(record, this.clock.now()), secret };
  }

  async remove(id: string, scope: OwnerScope): Promise<void> {
    if (!(await this.repository.softDelete(id, scope, this.clock.now())))
      throw new WebhookEndpointNotFoundError();
  }

  /**
   * The enabled endpoint's URL and secrets, or null when it is unknown, deleted, disabled or
   * outside the sender's scope (a caller's sends reach only its owner's endpoints).
   */
  async targetOf(id: string, scope: OwnerScope, now = this.clock.now()): Promise<WebhookTarget | null> {
    const record = await this.repository.findLive(id, scope);
    if (!record || !record.enabled) return null;
    const secrets = [this.box.openText(record.secretCiphertext)];
    if (
      record.previousSecretCiphertext &&
      record.previousSecretExpiresAt &&
      record.previousSecretExpiresAt > now
    ) {
      secrets.push(this.box.openText(record.previousSecretCiphertext));
    }
    return { url: record.url, secrets };
  }
}
