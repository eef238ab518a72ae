import { randomBytes } from 'node:crypto';
import { SYSTEM_ROLES } from '../../../../prisma/user/seed-data';
import type { UserServiceUnderTest } from './user-service';

/** A fresh account created by the sample administrator (default role: user); returns its id. */
export async function createUser(
  service: UserServiceUnderTest,
  fields: Record<string, unknown> = {},
): Promise<{ id: string; email: string }> {
  const email = `u-${randomBytes(5).toString('hex')}@example.com`;
  const response = await service.call('POST', '/api/v1/users', {
    as: (service.constructor as typeof UserServiceUnderTest).admin.id,
    body: { email, firstName: 'Test', ...fields },
  });
  if (response.statusCode !== 201) throw new Error(`creating a user failed: ${response.body}`);
  return { id: response.json().id, email: String(fields.email ?? email) };
}

/** Assigns a seeded system role (GLOBAL) to a user through the API, as the sample administrator. */
export async function assignRole(service: UserServiceUnderTest, userId: string, slug: string): Promise<void> {
  const role = SYSTEM_ROLES.find((candidate) => candidate.slug === slug);
  if (!role) throw new Error(`no system role ${slug}`);
  const response = await service.call('POST', `/api/v1/users/${userId}/roles`, {
    as: (service.constructor as typeof UserServiceUnderTest).admin.id,
    body: { roleId: role.id },
  });
  if (response.statusCode !== 201) throw new Error(`assigning ${slug} failed: ${response.body}`);
}

/** Outbox rows of one event name about one user, oldest first. */
export async function outbox<T = Record<string, unknown>>(
  service: UserServiceUnderTest,
  name: string,
  userId: string,
): Promise<{ payload: T }[]> {
  return service.query<{ payload: T }>(
    `SELECT payload FROM outbox_events WHERE name = $1 AND payload->>'userId' = $2 ORDER BY occurred_at, id`,
    [name, userId],
  );
}
