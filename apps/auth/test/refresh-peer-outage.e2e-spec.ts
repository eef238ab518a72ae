import { Clock, sha256Hex } from '@orion/core';
import { controlClock } from '@orion/testing';
import { decodeJwt } from 'jose';
import { AuthServiceUnderTest, uniqueEmail } from './support/auth-service';

const PASSWORD = 'a long and unusual passphrase';
const GRACE_S = 600;

/**
 * A refresh asks the user service whether the session still stands. When it does not answer, a
 * refresh goes on only within REFRESH_PEER_OUTAGE_GRACE_S of its last confirmation, with a
 * restricted token; after that it is refused with 503 before anything rotates, never let through
 * for as long as the outage lasts.
 */
describe('refresh while the user service does not answer', () => {
  let auth: AuthServiceUnderTest;

  beforeAll(async () => {
    auth = await AuthServiceUnderTest.start({
      REFRESH_PEER_OUTAGE_GRACE_S: String(GRACE_S),
      SERVICE_CALL_TIMEOUT_MS: '300',
    });
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await auth?.stop();
  });

  const refresh = (refreshToken: string) =>
    auth.call('POST', '/api/v1/auth/token/refresh', { body: { refreshToken } });

  it('goes on within the grace after the last confirmation, restricted, and is refused after it', async () => {
    const pair = await auth.signUpAndIn(uniqueEmail('outage'), PASSWORD);
    // Confirmed by the user service: the session stands and the address is verified.
    const confirmed = await refresh(pair.refreshToken);
    expect(confirmed.statusCode).toBe(200);
    expect(decodeJwt(confirmed.json().accessToken).email_verified).toBe(true);

    await auth.users.stop();

    // Within the grace: a new pair, but one that says nothing it could not check.
    const during = await refresh(confirmed.json().refreshToken);
    expect(during.statusCode).toBe(200);
    expect(decodeJwt(during.json().accessToken).email_verified).toBe(false);

    // Past the grace since the last confirmation: 503, and the presented token is not rotated.
    const clock = controlClock(auth.app.get(Clock));
    clock.advance((GRACE_S + 1) * 1000);
    const refused = await refresh(during.json().refreshToken);
    expect(refused.statusCode).toBe(503);
    expect(refused.json().code).toBe('PEER_UNAVAILABLE');
    const rows = await auth.query<{ status: string }>(
      'SELECT status FROM auth_tokens WHERE token_hash = $1',
      [sha256Hex(during.json().refreshToken)],
    );
    expect(rows[0]?.status).toBe('ACTIVE');
    clock.restore();
  });
});
