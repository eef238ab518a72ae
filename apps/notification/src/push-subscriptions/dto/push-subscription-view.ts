import type { PushSubscriptionDto } from './push-subscription.dto';
import type { PushSubscriptionRecord } from '../push-subscriptions.types';

export function toPushSubscriptionDto(s: PushSubscriptionRecord): PushSubscriptionDto {
  return {
    id: s.id,
    endpoint: s.endpoint,
    expirationTime: s.expirationTime?.toISOString() ?? null,
    userAgent: s.userAgent,
    lastUsedAt: s.lastUsedAt?.toISOString() ?? null,
    createdAt: s.createdAt.toISOString(),
  };
}
