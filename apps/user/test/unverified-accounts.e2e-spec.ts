import { createUser } from './support/user-factory';
import { UserServiceUnderTest } from './support/user-service';

/**
 * An account whose address is not verified yet may have been registered by someone else: here
 * it can read its profile and ask for the link again, nothing more, and gets no API key.
 */
describe('unverified accounts in the user service', () => {
  let service: UserServiceUnderTest;

  beforeAll(async () => {
    service = await UserServiceUnderTest.start();
  });

  afterAll(async () => {
    await service?.stop();
  });

  const restricted = async (userId: string) => ({
    authorization: `Bearer ${await service.jwks.sign({ userId, claims: { email_verified: false } })}`,
  });

  it('answers a restricted token on its own profile and the resend only', async () => {
    const user = await createUser(service);
    const headers = await restricted(user.id);

    expect((await service.call('GET', '/api/v1/users/me', { headers })).statusCode).toBe(200);
    // The account's creation sent a link a moment ago: the resend route is reached and rate-limits.
    const resend = await service.call('POST', '/api/v1/users/me/email-verification', { headers });
    expect(resend.json().code).toBe('VERIFICATION_RATE_LIMITED');

    const refused = [
      await service.call('PATCH', '/api/v1/users/me', { headers, body: { firstName: 'Squatter' } }),
      await service.call('GET', '/api/v1/users/me/sessions', { headers }),
      await service.call('GET', '/api/v1/users/me/preferences', { headers }),
      await service.call('POST', '/api/v1/users/me/api-keys', {
        headers,
        body: { name: 'backdoor', scopes: ['roles:read'] },
      }),
    ];
    for (const response of refused) {
      expect(response.statusCode).toBe(403);
      expect(response.json().code).toBe('EMAIL_VERIFICATION_REQUIRED');
    }
  });

  it('creates no API key for an owner whose address is unverified, whatever the token says', async () => {
    const user = await createUser(service);
    const create = () =>
      service.call('POST', '/api/v1/users/me/api-keys', {
        as: user.id,
        body: { name: 'backdoor', scopes: ['roles:read'] },
      });
    const refused = await create();
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('EMAIL_VERIFICATION_REQUIRED');
    expect(await service.query('SELECT 1 FROM api_keys WHERE user_id = $1', [user.id])).toEqual([]);

    await service.markEmailVerified(user.email);
    expect((await create()).statusCode).toBe(201);
  });
});
