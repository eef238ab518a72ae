import { randomUUID } from 'node:crypto';
import { USER_EMAIL_VERIFICATION_REQUESTED } from '@orion/contracts';
import { openSealedForTest } from '@orion/testing';
import { createUser, outbox } from './support/user-factory';
import { UserServiceUnderTest } from './support/user-service';

const { admin, user } = UserServiceUnderTest;
const EVENT = USER_EMAIL_VERIFICATION_REQUESTED.name;

describe('email verification', () => {
  let service: UserServiceUnderTest;

  beforeAll(async () => {
    service = await UserServiceUnderTest.start();
  });

  afterAll(() => service?.stop());

  /** The token of the latest verification e-mail, opened as only the notification service can. */
  const latestToken = async (
    userId: string,
  ): Promise<{ token: string; email: string; isChangeOfAddress: boolean }> => {
    const { payload } = (
      await outbox<{ token: string; email: string; isChangeOfAddress: boolean }>(service, EVENT, userId)
    ).at(-1)!;
    const token = openSealedForTest(
      'notification',
      USER_EMAIL_VERIFICATION_REQUESTED,
      'token',
      payload.token,
    );
    return { ...payload, token };
  };
  // The rate limit is one e-mail a minute; move earlier sends out of the way.
  const age = (userId: string) =>
    service.query(
      `UPDATE email_verifications SET created_at = created_at - interval '2 minutes' WHERE user_id = $1`,
      [userId],
    );
  const verify = (token: string) =>
    service.call('POST', '/api/v1/email-verification/verify', { body: { token } });

  it('sends a token at sign-up, stored only as its SHA-256, and verifying activates the account once', async () => {
    const target = await createUser(service);
    const { token, email, isChangeOfAddress } = await latestToken(target.id);
    expect(email).toBe(target.email);
    expect(isChangeOfAddress).toBe(false);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const rows = await service.query<any>('SELECT token_hash FROM email_verifications WHERE user_id = $1', [
      target.id,
    ]);
    expect(rows).toHaveLength(1);
    expect(rows[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(rows)).not.toContain(token);

    const verified = await verify(token);
    expect(verified.statusCode).toBe(200);
    expect(verified.json().email).toBe(target.email);
    const [user] = await service.query<any>('SELECT status, email_verified_at FROM users WHERE id = $1', [
      target.id,
    ]);
    expect(user.status).toBe('ACTIVE');
    expect(user.email_verified_at).not.toBeNull();
    const [audit] = await service.query<any>(
      `SELECT actor_id FROM audit_logs WHERE resource_id = $1 AND action = 'EMAIL_VERIFY'`,
      [target.id],
    );
    expect(audit.actor_id).toBe(target.id);

    const again = await verify(token);
    expect(again.statusCode).toBe(410);
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect(again.json().code).toBe('VERIFICATION_TOKEN_USED');
  });

  it('refuses an expired token with 410 and an unknown or malformed one with 400', async () => {
    const target = await createUser(service);
    const { token } = await latestToken(target.id);
    await service.query(
      `UPDATE email_verifications SET expires_at = now() - interval '1 second' WHERE user_id = $1`,
      [target.id],
    );
    const expired = await verify(token);
    expect(expired.statusCode).toBe(410);
    expect(expired.json().code).toBe('VERIFICATION_TOKEN_EXPIRED');
    expect(
      (await service.query<any>('SELECT email_verified_at FROM users WHERE id = $1', [target.id]))[0]
        .email_verified_at,
    ).toBeNull();

    const unknown = await verify('A'.repeat(43));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().code).toBe('VERIFICATION_TOKEN_INVALID');
    const malformed = await verify('short');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'token' }] });
  });

  it('resends at most once a minute, and a new link replaces the old one', async () => {
    const target = await createUser(service);
    const first = await latestToken(target.id);
    const limited = await service.call('POST', '/api/v1/users/me/email-verification', { as: target.id });
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe('VERIFICATION_RATE_LIMITED');
    expect(limited.json().retryAfterSeconds).toBeGreaterThan(0);

    await age(target.id);
    const resent = await service.call('POST', '/api/v1/users/me/email-verification', { as: target.id });
    expect(resent.statusCode).toBe(202);
    expect(resent.json()).toMatchObject({ sentTo: target.email });
    const second = await latestToken(target.id);
    expect(second.token).not.toBe(first.token);
    expect((await verify(first.token)).json().code).toBe('VERIFICATION_TOKEN_EXPIRED');
    expect((await verify(second.token)).statusCode).toBe(200);

    await age(target.id);
    const done = await service.call('POST', '/api/v1/users/me/email-verification', { as: target.id });
    expect(done.statusCode).toBe(409);
    expect(done.json().code).toBe('EMAIL_ALREADY_VERIFIED');
  });

  it('changes the address only once the new one is verified', async () => {
    const target = await createUser(service);
    await verify((await latestToken(target.id)).token);
    await age(target.id);
    const newEmail = `changed-${Date.now()}@example.com`;

    const requested = await service.call('PATCH', '/api/v1/users/me/email', {
      as: target.id,
      body: { email: newEmail },
    });
    expect(requested.statusCode).toBe(202);
    expect(requested.json().sentTo).toBe(newEmail);
    const pending = await latestToken(target.id);
    expect(pending).toMatchObject({ email: newEmail, isChangeOfAddress: true });
    // Until verified, nothing changes.
    const before = await service.call('GET', '/api/v1/users/me', { as: target.id });
    expect(before.json().email).toBe(target.email);

    expect((await verify(pending.token)).json().email).toBe(newEmail);
    const after = await service.call('GET', '/api/v1/users/me', { as: target.id });
    expect(after.json()).toMatchObject({ email: newEmail });
    expect(after.json().emailVerifiedAt).not.toBeNull();
    // The old address is free, the new one taken.
    await createUser(service, { email: target.email });
    const taken = await service.call('POST', '/api/v1/users', {
      as: admin.id,
      body: { email: newEmail.toUpperCase() },
    });
    expect(taken.json().code).toBe('EMAIL_TAKEN');
  });

  it('answers an address in use like any other (no link goes there), refuses the same address and malformed input', async () => {
    const target = await createUser(service);
    const other = await createUser(service);
    await age(target.id);
    const call = (body: unknown) => service.call('PATCH', '/api/v1/users/me/email', { as: target.id, body });
    // Whether an address has an account is not for the caller to learn (email-change.e2e-spec.ts).
    expect((await call({ email: other.email.toUpperCase() })).statusCode).toBe(202);
    expect((await latestToken(target.id)).email).toBe(target.email);
    expect((await call({ email: target.email })).json().code).toBe('EMAIL_UNCHANGED');
    const bad = await call({ email: 'nope', userId: other.id });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((e: any) => e.field)
        .sort(),
    ).toEqual(['email', 'userId']);
  });

  it('the address of a change that a later address change replaced cannot be applied', async () => {
    const target = await createUser(service);
    await age(target.id);
    await service.call('PATCH', '/api/v1/users/me/email', {
      as: target.id,
      body: { email: `first-${Date.now()}@example.com` },
    });
    const first = await latestToken(target.id);
    await age(target.id);
    const secondEmail = `second-${Date.now()}@example.com`;
    await service.call('PATCH', '/api/v1/users/me/email', { as: target.id, body: { email: secondEmail } });
    expect((await verify(first.token)).statusCode).toBe(410);
    expect((await verify((await latestToken(target.id)).token)).json().email).toBe(secondEmail);
  });

  it('an administrator with users:update confirms an address: verified, ACTIVE, audited as EMAIL_VERIFY', async () => {
    const target = await createUser(service);
    const confirm = (userId: string, as = admin.id) =>
      service.call('POST', `/api/v1/users/${userId}/email-verification/confirm`, { as });
    const state = async () =>
      (
        await service.query<any>(
          'SELECT status, email_verified_at IS NOT NULL AS verified FROM users WHERE id = $1',
          [target.id],
        )
      )[0];
    const verifications = () =>
      service.query<any>(
        `SELECT actor_id, changes, metadata FROM audit_logs WHERE resource_id = $1 AND action = 'EMAIL_VERIFY'`,
        [target.id],
      );

    const refused = await confirm(target.id, user.id);
    expect([refused.statusCode, refused.json().code]).toEqual([403, 'PERMISSION_DENIED']);
    expect(await state()).toEqual({ status: 'PENDING_VERIFICATION', verified: false });

    const confirmed = await confirm(target.id);
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json()).toMatchObject({ id: target.id, email: target.email, status: 'ACTIVE' });
    expect(confirmed.json().emailVerifiedAt).toEqual(expect.any(String));
    expect(await state()).toEqual({ status: 'ACTIVE', verified: true });
    expect(await verifications()).toEqual([
      {
        actor_id: admin.id,
        changes: {
          before: { status: 'PENDING_VERIFICATION', emailVerified: false },
          after: { status: 'ACTIVE', emailVerified: true },
        },
        metadata: expect.objectContaining({ source: 'admin', isChangeOfAddress: false }),
      },
    ]);
    // Again: nothing to do, nothing recorded.
    expect((await confirm(target.id)).statusCode).toBe(200);
    expect(await verifications()).toHaveLength(1);

    expect((await confirm('not-a-uuid')).json().code).toBe('VALIDATION_FAILED');
    expect((await confirm(randomUUID())).json().code).toBe('USER_NOT_FOUND');
    const deleted = await createUser(service);
    expect((await service.call('DELETE', `/api/v1/users/${deleted.id}`, { as: admin.id })).statusCode).toBe(
      200,
    );
    const gone = await confirm(deleted.id);
    expect([gone.statusCode, gone.json().code]).toEqual([409, 'USER_DELETED']);
  });
});
