import { createUser } from './support/user-factory';
import { UserServiceUnderTest } from './support/user-service';

const { user } = UserServiceUnderTest;
const HOUR_S = 3600;

/**
 * The user service refuses sensitive changes to a token whose sign-in (auth_time) is older than
 * REAUTHENTICATION_MAX_AGE_S, checked locally from the token like every other claim.
 */
describe('recent authentication on the user service’s sensitive routes', () => {
  let service: UserServiceUnderTest;

  beforeAll(async () => {
    service = await UserServiceUnderTest.start({}, { transport: true });
  });

  afterAll(async () => {
    await service?.stop();
  });

  // Creating an account sends its first link; the next may go out a minute later.
  const age = (userId: string) =>
    service.query(
      `UPDATE email_verifications SET created_at = created_at - interval '2 minutes' WHERE user_id = $1`,
      [userId],
    );

  const bearer = async (userId: string, authenticatedSecondsAgo: number) => ({
    authorization: `Bearer ${await service.token(userId, { authenticatedSecondsAgo })}`,
  });

  it('a stolen token from an hour-old sign-in cannot change the address, create or rotate API keys', async () => {
    const victim = await createUser(service);
    await age(victim.id);
    const old = await bearer(victim.id, HOUR_S);
    const attacker = `attacker-${Date.now()}@example.com`;
    const changed = await service.call('PATCH', '/api/v1/users/me/email', {
      headers: old,
      body: { email: attacker },
    });
    expect([changed.statusCode, changed.json().code]).toEqual([401, 'REAUTHENTICATION_REQUIRED']);
    expect(changed.json().maxAgeSeconds).toBe(300);
    expect(
      await service.query('SELECT id FROM email_verifications WHERE email = $1', [attacker]),
    ).toHaveLength(0);

    const created = await service.call('POST', '/api/v1/users/me/api-keys', {
      headers: await bearer(user.id, HOUR_S),
      body: { name: 'exfiltration', scopes: ['roles:read'] },
    });
    expect([created.statusCode, created.json().code]).toEqual([401, 'REAUTHENTICATION_REQUIRED']);
    expect(await service.query("SELECT id FROM api_keys WHERE name = 'exfiltration'")).toHaveLength(0);

    // A key made with a fresh sign-in cannot be rotated with an old token either.
    const fresh = await service.call('POST', '/api/v1/users/me/api-keys', {
      headers: await bearer(user.id, 0),
      body: { name: 'robot', scopes: ['roles:read'] },
    });
    expect(fresh.statusCode).toBe(201);
    const rotated = await service.call('POST', `/api/v1/users/me/api-keys/${fresh.json().id}/rotate`, {
      headers: await bearer(user.id, HOUR_S),
    });
    expect([rotated.statusCode, rotated.json().code]).toEqual([401, 'REAUTHENTICATION_REQUIRED']);
    const ok = await service.call('POST', `/api/v1/users/me/api-keys/${fresh.json().id}/rotate`, {
      headers: await bearer(user.id, 10),
    });
    expect(ok.statusCode).toBe(201);
  });

  it('a token without auth_time, or one claiming a sign-in in the future, is never recent', async () => {
    const target = await createUser(service);
    await age(target.id);
    const withoutAuthTime = await service.jwks.sign({ userId: target.id });
    const future = await service.jwks.sign({
      userId: target.id,
      claims: { auth_time: Math.floor(Date.now() / 1000) + HOUR_S, amr: ['pwd'] },
    });
    for (const token of [withoutAuthTime, future]) {
      const response = await service.call('PATCH', '/api/v1/users/me/email', {
        headers: { authorization: `Bearer ${token}` },
        body: { email: `someone-${Date.now()}@example.com` },
      });
      expect([response.statusCode, response.json().code]).toEqual([401, 'REAUTHENTICATION_REQUIRED']);
    }
    // Reading the profile needs no recent sign-in.
    const me = await service.call('GET', '/api/v1/users/me', {
      headers: { authorization: `Bearer ${withoutAuthTime}` },
    });
    expect(me.statusCode).toBe(200);
  });

  it('a sign-in within the window changes the address as before', async () => {
    const target = await createUser(service);
    await age(target.id);
    const response = await service.call('PATCH', '/api/v1/users/me/email', {
      headers: await bearer(target.id, 240),
      body: { email: `moved-${Date.now()}@example.com` },
    });
    expect(response.statusCode).toBe(202);
  });
});
