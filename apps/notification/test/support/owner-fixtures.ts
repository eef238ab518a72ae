import { randomBytes } from 'node:crypto';
import { assignRole, createUser } from '../../../user/test/support/user-factory';
import type { NewNotification } from '../../src/notifications/notifications.types';
import { NotificationServiceUnderTest } from './notification-service';

/** A webhook notification sent by `ownerId` to one of their endpoints, as the send use case stores it. */
export function storedWebhook(
  ownerId: string,
  fields: Pick<NewNotification, 'recipient' | 'body'> & Partial<NewNotification>,
): NewNotification {
  return {
    userId: null,
    channel: 'WEBHOOK',
    priority: 'normal',
    type: 'TRANSACTIONAL',
    locale: 'en',
    subject: null,
    data: { category: 'SYSTEM' },
    templateId: null,
    templateVersion: null,
    batchId: null,
    callerId: `user:${ownerId}`,
    ownerId,
    idempotencyKey: null,
    requestHash: null,
    correlationId: null,
    scheduledAt: null,
    maxAttempts: 3,
    ...fields,
  };
}

/** Who calls: a user (a token for it) or an API key. */
export type Caller = { as: string } | { apiKey: string };

/**
 * Three verified accounts holding notifications:send, notifications:read and webhooks:manage through
 * the support role (not notifications:admin): A and B call with their tokens, C with an API key of its own.
 * `adminKey` is a key of the sample administrator with notifications:admin.
 */
export interface Owners {
  a: string;
  b: string;
  c: string;
  cKey: string;
  adminKey: string;
}

export async function createOwners(service: NotificationServiceUnderTest): Promise<Owners> {
  const [a, b, c] = await Promise.all([1, 2, 3].map(async () => (await createUser(service.users)).id));
  for (const id of [a!, b!, c!]) await assignRole(service.users, id, 'support');
  // Verified accounts (an API key of an unverified owner does not work).
  await service.users.query(
    `UPDATE users SET status = 'ACTIVE', email_verified_at = now() WHERE id = ANY($1::uuid[])`,
    [[a, b, c]],
  );
  const issued = await service.users.call('POST', '/api/v1/users/me/api-keys', {
    as: c,
    body: {
      name: `c-${randomBytes(3).toString('hex')}`,
      scopes: ['notifications:send', 'notifications:read', 'webhooks:manage'],
    },
  });
  if (issued.statusCode !== 201) throw new Error(`C's API key: ${issued.body}`);
  const adminKey = await service.apiKey([
    'notifications:admin',
    'notifications:send',
    'notifications:read',
    'webhooks:manage',
  ]);
  return { a: a!, b: b!, c: c!, cKey: issued.json<{ key: string }>().key, adminKey: adminKey.key };
}

/** The response is a 404 problem with this code. */
export function expectNotFound(response: { statusCode: number; json: () => unknown }, code: string): void {
  expect([response.statusCode, (response.json() as { code?: string }).code]).toEqual([404, code]);
}
