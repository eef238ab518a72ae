import { SAMPLE_ADMIN, SAMPLE_USER } from '../../../prisma/sample-accounts';
import { AuthServiceUnderTest } from './support/auth-service';

const kidOf = (jwt: string): string => JSON.parse(Buffer.from(jwt.split('.')[0], 'base64url').toString()).kid;

describe('signing-key rotation by an administrator', () => {
  let auth: AuthServiceUnderTest;

  beforeAll(async () => {
    auth = await AuthServiceUnderTest.start();
  });

  afterAll(async () => {
    await auth?.stop();
  });

  async function signIn(account: typeof SAMPLE_ADMIN) {
    const response = await auth.call('POST', '/api/v1/auth/sign-in', {
      body: { email: account.email, password: account.developmentPassword },
    });
    expect(response.statusCode).toBe(200);
    return response.json() as { accessToken: string; refreshToken: string };
  }

  const rotate = (bearer?: string) => auth.call('POST', '/api/v1/admin/signing-keys/rotate', { bearer });
  const session = (bearer: string) => auth.call('GET', '/api/v1/auth/session', { bearer });

  it('refuses callers without the permission', async () => {
    expect((await rotate()).statusCode).toBe(401);
    const user = await signIn(SAMPLE_USER);
    const refused = await rotate(user.accessToken);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('PERMISSION_DENIED');
  });

  it('publishes a new key that signs new tokens while tokens of the old key keep verifying', async () => {
    const admin = await signIn(SAMPLE_ADMIN);
    const oldKid = kidOf(admin.accessToken);

    const rotated = await rotate(admin.accessToken);
    expect(rotated.statusCode).toBe(200);
    const { kid } = rotated.json();
    expect(kid).not.toBe(oldKid);
    const jwks = (await auth.call('GET', '/.well-known/jwks.json')).json();
    expect(jwks.keys.map((key: { kid: string }) => key.kid)).toEqual(expect.arrayContaining([oldKid, kid]));

    // The harness publishes ahead by 0 s, so the new key signs at once.
    expect((await session(admin.accessToken)).statusCode).toBe(200);
    const fresh = await signIn(SAMPLE_ADMIN);
    expect(kidOf(fresh.accessToken)).toBe(kid);
    expect((await session(fresh.accessToken)).statusCode).toBe(200);

    const events = await auth.query('SELECT 1 FROM security_events WHERE user_id = $1 AND type = $2', [
      SAMPLE_ADMIN.id,
      'signing_key.rotated',
    ]);
    expect(events).toHaveLength(1);
  });
});
