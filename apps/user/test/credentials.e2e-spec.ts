import { verify } from '@node-rs/argon2';
import { CREATE_USER, FIND_ACCOUNT, SET_PASSWORD } from '@orion/contracts';
import { ServiceClient } from '@orion/core';
import { sealForTest } from '@orion/testing';
import { randomUUID } from 'node:crypto';
import { createUser } from './support/user-factory';
import { UserServiceUnderTest } from './support/user-service';

const { admin } = UserServiceUnderTest;

describe('account look-up and password setting for the auth service', () => {
  let service: UserServiceUnderTest;
  let auth: ServiceClient;

  beforeAll(async () => {
    service = await UserServiceUnderTest.start({}, { transport: true });
    auth = await service.client('auth');
  });

  afterAll(() => service?.stop());

  it('finds a live account by address or id, and nothing for unknown or deleted ones', async () => {
    const target = await createUser(service);
    const byEmail = await auth.send(FIND_ACCOUNT, { email: target.email.toUpperCase() });
    expect(byEmail).toEqual({
      userId: target.id,
      email: target.email,
      status: 'PENDING_VERIFICATION',
      emailVerified: false,
      hasPassword: false,
    });
    expect(await auth.send(FIND_ACCOUNT, { userId: target.id })).toEqual(byEmail);
    expect(await auth.send(FIND_ACCOUNT, { email: `nobody-${randomUUID()}@example.com` })).toBeNull();
    expect(await auth.send(FIND_ACCOUNT, { userId: randomUUID() })).toBeNull();
    await expect(auth.send(FIND_ACCOUNT, {})).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });

    const deleted = await service.call('DELETE', `/api/v1/users/${target.id}`, { as: admin.id });
    expect(deleted.statusCode).toBeLessThan(300);
    expect(await auth.send(FIND_ACCOUNT, { userId: target.id })).toBeNull();
  });

  it('creates a passwordless account whose address an identity provider verified', async () => {
    const email = `social-${randomUUID()}@example.com`;
    const view = await auth.send(CREATE_USER, { email, emailVerified: true, displayName: 'Via Provider' });
    expect(view.status).toBe('ACTIVE');
    expect(await auth.send(FIND_ACCOUNT, { email })).toMatchObject({
      emailVerified: true,
      hasPassword: false,
    });
    const verifications = await service.query('SELECT 1 FROM email_verifications WHERE user_id = $1', [
      view.id,
    ]);
    expect(verifications).toEqual([]);
  });

  it('sets a password under the same policy, ends the sessions and audits the reset', async () => {
    const target = await createUser(service);
    await service.query(
      `INSERT INTO sessions (user_id, auth_family_id, status, expires_at, updated_at)
       VALUES ($1, gen_random_uuid(), 'ACTIVE', now() + interval '1 day', now())`,
      [target.id],
    );

    await expect(
      auth.send(SET_PASSWORD, {
        userId: target.id,
        password: sealForTest('user', SET_PASSWORD, 'password', 'password123'),
        reason: 'reset',
      }),
    ).rejects.toMatchObject({ code: 'PASSWORD_TOO_COMMON', status: 400 });
    await expect(
      auth.send(SET_PASSWORD, {
        userId: target.id,
        password: sealForTest('user', SET_PASSWORD, 'password', `${target.email}-x`),
        reason: 'reset',
      }),
    ).rejects.toMatchObject({ code: 'PASSWORD_CONTAINS_IDENTIFIER' });
    await expect(
      auth.send(SET_PASSWORD, {
        userId: randomUUID(),
        password: sealForTest('user', SET_PASSWORD, 'password', 'walnut-comet-drizzle'),
        reason: 'reset',
      }),
    ).rejects.toMatchObject({ code: 'USER_NOT_FOUND', status: 404 });

    const { changedAt } = await auth.send(SET_PASSWORD, {
      userId: target.id,
      password: sealForTest('user', SET_PASSWORD, 'password', 'walnut-comet-drizzle'),
      reason: 'reset',
    });
    const [row] = await service.query<{ password_hash: string; password_changed_at: Date }>(
      'SELECT password_hash, password_changed_at FROM users WHERE id = $1',
      [target.id],
    );
    expect(await verify(row.password_hash, 'walnut-comet-drizzle')).toBe(true);
    expect(row.password_changed_at.toISOString()).toBe(changedAt);
    const sessions = await service.query<{ status: string; end_reason: string }>(
      'SELECT status, end_reason FROM sessions WHERE user_id = $1',
      [target.id],
    );
    expect(sessions).toEqual([{ status: 'REVOKED', end_reason: 'password_reset' }]);
    const audit = await service.query<{ actor_id: string; metadata: Record<string, unknown> }>(
      "SELECT actor_id, metadata FROM audit_logs WHERE resource_id = $1 AND action = 'PASSWORD_RESET'",
      [target.id],
    );
    // The target's address was unverified: the reset proved it, a first verification.
    expect(audit).toEqual([
      {
        actor_id: target.id,
        metadata: {
          reason: 'reset',
          sessionsEnded: 1,
          removedBeforeVerification: { apiAccess: 0, sessions: 0 },
        },
      },
    ]);
    expect(JSON.stringify(audit)).not.toContain('walnut');
  });
});
