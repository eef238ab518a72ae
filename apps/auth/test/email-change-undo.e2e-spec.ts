import { eventually, openSealedForTest } from '@orion/testing';
import { USER_EMAIL_CHANGED, USER_EMAIL_VERIFICATION_REQUESTED } from '@orion/contracts';
import { outbox } from '../../user/test/support/user-factory';
import { AuthServiceUnderTest, uniqueEmail } from './support/auth-service';

const PASSWORD = 'lantern-over-the-quiet-harbour';

/** Undoing a change of address from the previous address signs out whoever made it. */
describe('an undone change of address ends every sign-in in the auth service', () => {
  let auth: AuthServiceUnderTest;

  beforeAll(async () => {
    auth = await AuthServiceUnderTest.start();
  });

  afterAll(async () => {
    await auth?.stop();
  });

  it('the attacker’s refresh token stops working and the owner finds a security event', async () => {
    const email = uniqueEmail('undo');
    const session = await auth.signUpAndIn(email, PASSWORD);
    const userId = JSON.parse(Buffer.from(session.accessToken.split('.')[1], 'base64url').toString()).sub;
    const users = auth.users;
    await users.query(
      "UPDATE email_verifications SET created_at = created_at - interval '2 minutes' WHERE user_id = $1",
      [userId],
    );
    const moved = await users.call('PATCH', '/api/v1/users/me/email', {
      as: userId,
      body: { email: uniqueEmail('attacker') },
    });
    expect(moved.statusCode).toBe(202);
    const link = (await outbox<{ token: string }>(users, USER_EMAIL_VERIFICATION_REQUESTED.name, userId)).at(
      -1,
    )!;
    const verified = await users.call('POST', '/api/v1/email-verification/verify', {
      body: {
        token: openSealedForTest(
          'notification',
          USER_EMAIL_VERIFICATION_REQUESTED,
          'token',
          link.payload.token,
        ),
      },
    });
    expect(verified.statusCode).toBe(200);
    const [notice] = await outbox<{ token: string }>(users, USER_EMAIL_CHANGED.name, userId);

    const undone = await users.call('POST', '/api/v1/email-change/undo', {
      body: { token: openSealedForTest('notification', USER_EMAIL_CHANGED, 'token', notice.payload.token) },
    });
    expect(undone.json()).toEqual({ email });

    await eventually(async () => {
      const rows = await auth.query(
        "SELECT 1 FROM security_events WHERE user_id = $1 AND type = 'account.email_change_undone'",
        [userId],
      );
      return rows.length === 1;
    }, 'the security event');
    const refreshed = await auth.call('POST', '/api/v1/auth/token/refresh', {
      body: { refreshToken: session.refreshToken },
    });
    expect([refreshed.statusCode, refreshed.json().code]).toEqual([401, 'REFRESH_TOKEN_INVALID']);
    const [family] = await auth.query<{ revoked_reason: string }>(
      "SELECT revoked_reason FROM auth_tokens WHERE user_id = $1 AND type = 'REFRESH'",
      [userId],
    );
    expect(family.revoked_reason).toBe('email_change_undone');
  });
});
