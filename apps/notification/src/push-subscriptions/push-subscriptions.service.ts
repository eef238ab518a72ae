import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '@orion/core';
import { CHANNELS_CONFIG, ChannelsConfig } from '../channels/channels.config';
import { targetUrlProblem } from '../channels/providers/target-url';
import {
  PushSubscriptionNotFoundError,
  PushSubscriptionRejectedError,
  PushSubscriptionTakenError,
} from './push-subscriptions.errors';
import { PushSubscriptionsRepository } from './push-subscriptions.repository';
import type { PushSubscriptionRecord } from './push-subscriptions.types';

/** A user's registered browsers or devices (the Push API's PushSubscription.toJSON()). */
@Injectable()
export class PushSubscriptionsService {
  constructor(
    private readonly repository: PushSubscriptionsRepository,
    @Inject(CHANNELS_CONFIG) private readonly config: ChannelsConfig,
    private readonly clock: Clock,
  ) {}

  /** The VAPID public key browsers pass to pushManager.subscribe() as applicationServerKey. */
  vapidPublicKey(): string | null {
    return this.config.vapid?.publicKey ?? null;
  }

  async register(
    userId: string,
    input: { endpoint: string; keys: { p256dh: string; auth: string }; expirationTime?: number | null },
    userAgent: string | null,
  ): Promise<PushSubscriptionRecord> {
    const problem = targetUrlProblem(input.endpoint, this.config.outbound);
    if (problem) throw new PushSubscriptionRejectedError(`endpoint ${problem}`);
    // An uncompressed P-256 point is 65 bytes; the auth secret is 16.
    if (Buffer.from(input.keys.p256dh, 'base64url').length !== 65) {
      throw new PushSubscriptionRejectedError('key p256dh is not a P-256 public key');
    }
    if (Buffer.from(input.keys.auth, 'base64url').length !== 16) {
      throw new PushSubscriptionRejectedError('key auth is not a 16-byte secret');
    }
    const stored = await this.repository.upsertOwn({
      userId,
      endpoint: input.endpoint,
      p256dh: input.keys.p256dh,
      auth: input.keys.auth,
      expirationTime: input.expirationTime ? new Date(input.expirationTime) : null,
      userAgent: userAgent?.slice(0, 512) ?? null,
    });
    if (!stored) throw new PushSubscriptionTakenError();
    return stored;
  }

  list(userId: string): Promise<PushSubscriptionRecord[]> {
    return this.repository.listOf(userId);
  }

  async remove(userId: string, id: string): Promise<void> {
    if (!(await this.repository.deleteOf(userId, id))) throw new PushSubscriptionNotFoundError();
  }

  /** Subscriptions the push provider should deliver to (expired ones are skipped). */
  async deliverableOf(userId: string, now = this.clock.now()): Promise<PushSubscriptionRecord[]> {
    const all = await this.repository.listOf(userId);
    return all.filter((s) => !s.expirationTime || s.expirationTime > now);
  }

  /** The push service said the subscription is gone (404/410): it never comes back. */
  forget(id: string): Promise<void> {
    return this.repository.deleteById(id);
  }

  used(id: string): Promise<void> {
    return this.repository.touch(id, this.clock.now());
  }
}
