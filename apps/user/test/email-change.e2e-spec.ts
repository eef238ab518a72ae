import { openSealedForTest } from '@orion/testing';
import { randomUUID } from 'node:crypto';
import {
  RECORD_SESSION,
  USER_EMAIL_ADDRESS_IN_USE,
  USER_EMAIL_CHANGE_UNDONE,
  USER_EMAIL_CHANGED,
  USER_EMAIL_VERIFICATION_REQUESTED,
} from '@orion/contracts';
import { ServiceClient } from '@orion/core';
import { createUser, outbox } from './support/user-factory';
import { UserServiceUnderTest } from './support/user-service';

/**
 * Changing the address: no answer tells whether another account has the address, the previous
 * address is told of a change and can undo it, and a user cannot hammer the route.
 */
describe('e-mail change: no oracle, rate limits, undo from the previous address', () => {
  let service: UserServiceUnderTest;
  let auth: ServiceClient;

  beforeAll(async () => {
    service = await UserServiceUnderTest.start({}, { transport: true });
    auth = await service.client('auth');
  });

  afterAll(() => service?.stop());

  // The rate limit is one link a minute; move earlier sends out of the way.
  const age = (userId: string, interval = '2 minutes') =>
    service.query(
      `UPDATE email_verifications SET created_at = created_at - $2::interval WHERE user_id = $1`,
      [userId, interval],
    );
  const change = (userId: string, email: string) =>
    service.call('PATCH', '/api/v1/users/me/email', { as: userId, body: { email } });
  const verify = (token: string) =>
    service.call('POST', '/api/v1/email-verification/verify', { body: { token } });
  const undo = (token: string) => service.call('POST', '/api/v1/email-change/undo', { body: { token } });

  it('a taken address and a free one get the same answer; the owner of the taken one is told, nobody gets a link to it', async () => {
    const owner = await createUser(service);
    const [prober, other] = [await createUser(service), await createUser(service)];
    await age(prober.id);
    await age(other.id);
    const free = `free-${randomUUID().slice(0, 8)}@example.com`;

    const taken = await change(prober.id, owner.email.toUpperCase());
    const untaken = await change(other.id, free);
    expect(taken.statusCode).toBe(untaken.statusCode);
    expect(taken.statusCode).toBe(202);
    expect(Object.keys(taken.json()).sort()).toEqual(Object.keys(untaken.json()).sort());
    expect(taken.json().sentTo.toLowerCase()).toBe(owner.email.toLowerCase());
    expect(taken.headers['content-type']).toBe(untaken.headers['content-type']);

    // No link went to the owner's address for the prober's account…
    const links = await outbox<{ email: string }>(service, USER_EMAIL_VERIFICATION_REQUESTED.name, prober.id);
    expect(links.map((row) => row.payload.email.toLowerCase())).not.toContain(owner.email.toLowerCase());
    // …its owner heard of the attempt instead, and the free address got its link.
    const notices = await outbox<{ email: string }>(service, USER_EMAIL_ADDRESS_IN_USE.name, owner.id);
    expect(notices.map((row) => row.payload.email)).toEqual([owner.email]);
    const freeLinks = await outbox<{ email: string }>(
      service,
      USER_EMAIL_VERIFICATION_REQUESTED.name,
      other.id,
    );
    expect(freeLinks.at(-1)!.payload.email).toBe(free);
  });

  it('the limits come before the address is looked at: taken or free, a second try within a minute is 429', async () => {
    const owner = await createUser(service);
    const prober = await createUser(service);
    await age(prober.id);
    expect((await change(prober.id, `a-${randomUUID().slice(0, 8)}@example.com`)).statusCode).toBe(202);
    const again = [
      await change(prober.id, owner.email),
      await change(prober.id, `b-${randomUUID().slice(0, 8)}@example.com`),
    ];
    for (const response of again) {
      expect([response.statusCode, response.json().code]).toEqual([429, 'VERIFICATION_RATE_LIMITED']);
    }
    expect(await outbox(service, USER_EMAIL_ADDRESS_IN_USE.name, owner.id)).toHaveLength(0);
  });

  it('at most five changes a day per user', async () => {
    const prober = await createUser(service);
    for (let i = 0; i < 5; i++) {
      await age(prober.id);
      expect((await change(prober.id, `day-${i}-${randomUUID().slice(0, 8)}@example.com`)).statusCode).toBe(
        202,
      );
    }
    await age(prober.id);
    const sixth = await change(prober.id, `day-6-${randomUUID().slice(0, 8)}@example.com`);
    expect([sixth.statusCode, sixth.json().code]).toEqual([429, 'VERIFICATION_RATE_LIMITED']);
    // A day later the count starts over.
    await age(prober.id, '25 hours');
    expect((await change(prober.id, `next-${randomUUID().slice(0, 8)}@example.com`)).statusCode).toBe(202);
  });

  it('an applied change tells the previous address; its link restores it, ends every session and refuses earlier tokens', async () => {
    const victim = await createUser(service);
    // An account whose own address is proven: the first verification would clear it instead.
    await service.markEmailVerified(victim.email);
    const previous = victim.email;
    const { sessionId } = await auth.send(RECORD_SESSION, {
      userId: victim.id,
      authFamilyId: randomUUID(),
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    await age(victim.id);
    const attacker = `attacker-${randomUUID().slice(0, 8)}@example.net`;
    expect((await change(victim.id, attacker)).statusCode).toBe(202);
    const link = (
      await outbox<{ token: string }>(service, USER_EMAIL_VERIFICATION_REQUESTED.name, victim.id)
    ).at(-1)!;
    expect(
      (
        await verify(
          openSealedForTest('notification', USER_EMAIL_VERIFICATION_REQUESTED, 'token', link.payload.token),
        )
      ).json().email,
    ).toBe(attacker);

    const [notice] = await outbox<{
      previousEmail: string;
      newEmailMasked: string;
      token: string;
      expiresAt: string;
    }>(service, USER_EMAIL_CHANGED.name, victim.id);
    expect(notice.payload.previousEmail).toBe(previous);
    expect(notice.payload.newEmailMasked).toBe('a***@example.net');
    const validForH = (Date.parse(notice.payload.expiresAt) - Date.now()) / 3_600_000;
    expect(validForH).toBeGreaterThan(71.9);
    expect(validForH).toBeLessThanOrEqual(72);
    const [stored] = await service.query<{ token_hash: string; previous_email: string }>(
      'SELECT token_hash, previous_email FROM email_change_reverts WHERE user_id = $1',
      [victim.id],
    );
    expect(stored.previous_email).toBe(previous);
    expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.token_hash).not.toContain(
      openSealedForTest('notification', USER_EMAIL_CHANGED, 'token', notice.payload.token),
    );

    const earlier = await service.jwks.sign({
      userId: victim.id,
      issuedAt: Math.floor(Date.now() / 1000) - 5,
      claims: { auth_time: Math.floor(Date.now() / 1000) - 5 },
    });
    const undone = await undo(
      openSealedForTest('notification', USER_EMAIL_CHANGED, 'token', notice.payload.token),
    );
    expect(undone.statusCode).toBe(200);
    expect(undone.json()).toEqual({ email: previous });

    const [row] = await service.query<{ email: string; email_verified_at: Date | null }>(
      'SELECT email, email_verified_at FROM users WHERE id = $1',
      [victim.id],
    );
    expect(row.email).toBe(previous);
    expect(row.email_verified_at).not.toBeNull();
    const [session] = await service.query<{ status: string; end_reason: string }>(
      'SELECT status, end_reason FROM sessions WHERE id = $1',
      [sessionId],
    );
    expect(session).toEqual({ status: 'REVOKED', end_reason: 'email_change_undone' });
    const refused = await service.call('GET', '/api/v1/users/me', {
      headers: { authorization: `Bearer ${earlier}` },
    });
    expect([refused.statusCode, refused.json().code]).toEqual([401, 'TOKEN_REVOKED']);
    expect(await outbox(service, USER_EMAIL_CHANGE_UNDONE.name, victim.id)).toHaveLength(1);
    const audits = await service.query<{ metadata: Record<string, unknown> }>(
      "SELECT metadata FROM audit_logs WHERE resource_type = 'user' AND resource_id = $1 AND action = 'UPDATE'",
      [victim.id],
    );
    expect(audits.map((a) => a.metadata)).toContainEqual(
      expect.objectContaining({ emailChangeUndone: true, sessionsEnded: 1 }),
    );
    expect(JSON.stringify(audits)).not.toContain(previous);

    const twice = await undo(
      openSealedForTest('notification', USER_EMAIL_CHANGED, 'token', notice.payload.token),
    );
    expect([twice.statusCode, twice.json().code]).toEqual([410, 'EMAIL_CHANGE_UNDO_USED']);
  });

  it('the undo link stops working after 72 hours and is refused when forged', async () => {
    const victim = await createUser(service);
    // An account whose own address is proven: the first verification would clear it instead.
    await service.markEmailVerified(victim.email);
    await age(victim.id);
    await change(victim.id, `moved-${randomUUID().slice(0, 8)}@example.com`);
    const link = (
      await outbox<{ token: string }>(service, USER_EMAIL_VERIFICATION_REQUESTED.name, victim.id)
    ).at(-1)!;
    await verify(
      openSealedForTest('notification', USER_EMAIL_VERIFICATION_REQUESTED, 'token', link.payload.token),
    );
    const [notice] = await outbox<{ token: string }>(service, USER_EMAIL_CHANGED.name, victim.id);
    await service.query(
      "UPDATE email_change_reverts SET expires_at = now() - interval '1 second' WHERE user_id = $1",
      [victim.id],
    );
    const late = await undo(
      openSealedForTest('notification', USER_EMAIL_CHANGED, 'token', notice.payload.token),
    );
    expect([late.statusCode, late.json().code]).toEqual([410, 'EMAIL_CHANGE_UNDO_EXPIRED']);
    const forged = await undo('x'.repeat(43));
    expect([forged.statusCode, forged.json().code]).toEqual([400, 'EMAIL_CHANGE_UNDO_INVALID']);
  });
});
