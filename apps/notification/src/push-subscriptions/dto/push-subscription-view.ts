import type { PushSubscriptionRecord } from '../push-subscriptions.repository';
import type { PushSubscriptionDto } from './push-subscription.dto';

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
