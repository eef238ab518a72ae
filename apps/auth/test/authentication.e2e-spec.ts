import { AuthServiceUnderTest, uniqueEmail } from './support/auth-service';

const PASSWORD = 'violet-otter-under-the-bridge';

describe('sign-up and sign-in (auth + user service over the transport)', () => {
  let auth: AuthServiceUnderTest;

  beforeAll(async () => {
    auth = await AuthServiceUnderTest.start();
  });

  afterAll(async () => {
    await auth?.stop();
  });

  it('signs up through the user service, then signs in with an access and a refresh token', async () => {
    const email = uniqueEmail('ada');
    const signUp = await auth.call('POST', '/api/v1/auth/sign-up', { body: { email, password: PASSWORD } });
    expect(signUp.statusCode).toBe(202);
    const [user] = await auth.users.query<{ id: string; status: string }>(
      'SELECT id, status FROM users WHERE email_normalized = $1',
      [email],
    );
    expect(user.status).toBe('PENDING_VERIFICATION');

    const signIn = await auth.call('POST', '/api/v1/auth/sign-in', { body: { email, password: PASSWORD } });
    expect(signIn.statusCode).toBe(200);
    const pair = signIn.json();
    expect(pair).toEqual({
      status: 'authenticated',
      tokenType: 'Bearer',
      accessToken: expect.any(String),
      refreshToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      expiresIn: 600,
      refreshExpiresAt: expect.any(String),
      sessionId: expect.any(String),
    });

    // The shared guard accepts it, and the session is the one the user service recorded.
    const session = await auth.call('GET', '/api/v1/auth/session', { bearer: pair.accessToken });
    expect(session.statusCode).toBe(200);
    expect(session.json()).toMatchObject({ userId: user.id, sessionId: pair.sessionId });
    const [recorded] = await auth.users.query<{ user_id: string; auth_family_id: string }>(
      'SELECT user_id, auth_family_id FROM sessions WHERE id = $1',
      [pair.sessionId],
    );
    expect(recorded.user_id).toBe(user.id);

    const [stored] = await auth.query<{ token_hash: string; generation: number; family_id: string }>(
      "SELECT token_hash, generation, family_id FROM auth_tokens WHERE type = 'REFRESH' AND user_id = $1",
      [user.id],
    );
    expect(stored.generation).toBe(0);
    expect(stored.family_id).toBe(recorded.auth_family_id);
    expect(stored.token_hash).not.toContain(pair.refreshToken);
    expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/);

    const attempts = await auth.query(
      'SELECT status, user_id, identifier FROM login_attempts WHERE user_id = $1',
      [user.id],
    );
    expect(attempts).toEqual([{ status: 'SUCCESS', user_id: user.id, identifier: email }]);
  });

  it.each([
    ['PASSWORD_TOO_SHORT', 'min-length', 'short'],
    ['PASSWORD_TOO_LONG', 'max-length', 'x'.repeat(129)],
    ['PASSWORD_TOO_COMMON', 'common-password', 'Password123'],
    ['PASSWORD_TOO_COMMON', 'common-password', 'ＰＡＳＳＷＯＲＤ１'],
  ])('refuses a password breaking a rule with 400 %s', async (code, rule, password) => {
    const response = await auth.call('POST', '/api/v1/auth/sign-up', {
      body: { email: uniqueEmail(), password },
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ status: 400, code, rule, field: 'password' });
  });

  it('accepts 64 characters with spaces and emoji, and refuses the e-mail inside the password', async () => {
    const email = uniqueEmail('long');
    const long = `${'a quiet 🦊 walks '.repeat(4)}`.slice(0, 64);
    expect(
      (await auth.call('POST', '/api/v1/auth/sign-up', { body: { email, password: long } })).statusCode,
    ).toBe(202);
    const mine = await auth.call('POST', '/api/v1/auth/sign-up', {
      body: { email: 'grace.hopper@example.com', password: 'grace.hopper-forever' },
    });
    expect(mine.json()).toMatchObject({ code: 'PASSWORD_CONTAINS_IDENTIFIER', rule: 'contains-identifier' });
  });

  it('answers sign-up for a taken address exactly like for a new one', async () => {
    const taken = await auth.call('POST', '/api/v1/auth/sign-up', {
      body: { email: AuthServiceUnderTest.sampleUserEmail, password: PASSWORD },
    });
    const fresh = await auth.call('POST', '/api/v1/auth/sign-up', {
      body: { email: uniqueEmail(), password: PASSWORD },
    });
    expect(taken.statusCode).toBe(202);
    expect(fresh.statusCode).toBe(202);
    expect(taken.json()).toEqual(fresh.json());
  });

  it('answers sign-in alike for an unknown address and a wrong password, and records both', async () => {
    const unknown = await auth.call('POST', '/api/v1/auth/sign-in', {
      body: { email: uniqueEmail('nobody'), password: PASSWORD },
    });
    const wrong = await auth.call('POST', '/api/v1/auth/sign-in', {
      body: { email: AuthServiceUnderTest.sampleUserEmail, password: 'not-the-password-at-all' },
    });
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    const strip = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });
    expect(strip(unknown.json())).toEqual(strip(wrong.json()));
    expect(unknown.json().code).toBe('INVALID_CREDENTIALS');

    const failed = await auth.query<{ user_id: string | null; failure_reason: string }>(
      "SELECT user_id, failure_reason FROM login_attempts WHERE status = 'FAILED' ORDER BY created_at",
    );
    expect(failed.map((row) => row.user_id === null)).toEqual([true, false]);
    expect(failed.every((row) => row.failure_reason === 'invalid_credentials')).toBe(true);
  });

  it('publishes its keys at /.well-known/jwks.json, outside /api, cacheable', async () => {
    const response = await auth.call('GET', '/.well-known/jwks.json');
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toContain('public');
    const { keys } = response.json();
    expect(keys[0]).toMatchObject({
      kty: 'OKP',
      crv: 'Ed25519',
      alg: 'EdDSA',
      use: 'sig',
      kid: expect.any(String),
    });
    expect(keys[0]).not.toHaveProperty('d');
  });

  it('signs out one session with the refresh token or the access token', async () => {
    const email = uniqueEmail('out');
    const first = await auth.signUpAndIn(email, PASSWORD);
    expect(
      (await auth.call('POST', '/api/v1/auth/sign-out', { body: { refreshToken: first.refreshToken } }))
        .statusCode,
    ).toBe(204);
    const refused = await auth.call('POST', '/api/v1/auth/token/refresh', {
      body: { refreshToken: first.refreshToken },
    });
    expect(refused.json().code).toBe('REFRESH_TOKEN_INVALID');
    expect((await auth.call('GET', '/api/v1/auth/session', { bearer: first.accessToken })).json().code).toBe(
      'TOKEN_REVOKED',
    );

    const second = (
      await auth.call('POST', '/api/v1/auth/sign-in', { body: { email, password: PASSWORD } })
    ).json();
    expect(
      (await auth.call('POST', '/api/v1/auth/sign-out', { bearer: second.accessToken, body: {} })).statusCode,
    ).toBe(204);
    expect((await auth.call('GET', '/api/v1/auth/session', { bearer: second.accessToken })).statusCode).toBe(
      401,
    );
    const again = await auth.call('POST', '/api/v1/auth/token/refresh', {
      body: { refreshToken: second.refreshToken },
    });
    expect(again.statusCode).toBe(401);
  });

  it('signs out everywhere: every earlier access token fails at the shared guard', async () => {
    const email = uniqueEmail('everywhere');
    const phone = await auth.signUpAndIn(email, PASSWORD);
    const laptop = (
      await auth.call('POST', '/api/v1/auth/sign-in', { body: { email, password: PASSWORD } })
    ).json();
    expect((await auth.call('GET', '/api/v1/auth/session', { bearer: phone.accessToken })).statusCode).toBe(
      200,
    );

    const out = await auth.call('POST', '/api/v1/auth/sign-out/all', { bearer: laptop.accessToken });
    expect(out.statusCode).toBe(204);
    for (const token of [phone.accessToken, laptop.accessToken]) {
      const response = await auth.call('GET', '/api/v1/auth/session', { bearer: token });
      expect(response.statusCode).toBe(401);
      expect(response.json().code).toBe('TOKEN_REVOKED');
    }
    for (const token of [phone.refreshToken, laptop.refreshToken]) {
      const response = await auth.call('POST', '/api/v1/auth/token/refresh', {
        body: { refreshToken: token },
      });
      expect(response.statusCode).toBe(401);
    }
  });
});
