import { assignRole } from '../../user/test/support/user-factory';
import { AuthServiceUnderTest, uniqueEmail } from './support/auth-service';

const PASSWORD = 'amber-heron-over-the-marsh';
const WRONG = 'not-the-password-at-all';
const ATTACKER = { ip: '203.0.113.9', deviceId: 'attacker-box-0002' };

/** users:suspend unlocks only accounts that hold nothing more than the administrator does. */
describe('unlock respects the hierarchy', () => {
  let auth: AuthServiceUnderTest;

  beforeAll(async () => {
    // Three failures lock unknown devices for ten minutes: long enough to outlast the test.
    auth = await AuthServiceUnderTest.start({
      SIGN_IN_LOCKOUT_AFTER_FAILURES: '3',
      SIGN_IN_LOCKOUT_BASE_MS: String(10 * 60_000),
    });
  });
  afterAll(() => auth?.stop());

  const account = async (role?: string) => {
    const email = uniqueEmail(role ?? 'plain');
    const { accessToken } = await auth.signUpAndIn(email, PASSWORD);
    const [{ id }] = await auth.users.query<{ id: string }>(
      'SELECT id FROM users WHERE email_normalized = $1',
      [email],
    );
    if (role) await assignRole(auth.users, id!, role);
    return { id: id!, email, accessToken };
  };
  const lockOut = async (email: string) => {
    for (let attempt = 0; attempt < 3; attempt += 1) await auth.signIn(email, WRONG, ATTACKER);
    expect((await auth.signIn(email, PASSWORD, ATTACKER)).statusCode).toBe(423);
  };
  const unlock = (targetId: string, bearer: string) =>
    auth.call('POST', `/api/v1/admin/users/${targetId}/unlock`, { bearer });

  it('refuses a manager unlocking a super-admin, and the lock stays', async () => {
    const manager = await account('manager');
    const superAdmin = await account('super-admin');
    await lockOut(superAdmin.email);
    const refused = await unlock(superAdmin.id, manager.accessToken);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('TARGET_OUTRANKS_ACTOR');
    expect((await auth.signIn(superAdmin.email, PASSWORD, ATTACKER)).statusCode).toBe(423);
    const recorded = await auth.query(
      "SELECT 1 FROM security_events WHERE user_id = $1 AND type = 'account.unlocked'",
      [superAdmin.id],
    );
    expect(recorded).toEqual([]);
  });

  it('lets a manager unlock a plain user, and a super-admin unlock the manager', async () => {
    const manager = await account('manager');
    const superAdmin = await account('super-admin');
    const plain = await account();
    await lockOut(plain.email);
    const unlocked = await unlock(plain.id, manager.accessToken);
    expect(unlocked.statusCode).toBe(200);
    expect(unlocked.json()).toEqual({ wasLocked: true, wasRateLimited: false });
    expect((await auth.signIn(plain.email, PASSWORD, ATTACKER)).statusCode).toBe(200);

    await lockOut(manager.email);
    const byTheTop = await unlock(manager.id, superAdmin.accessToken);
    expect(byTheTop.statusCode).toBe(200);
    expect(byTheTop.json()).toEqual({ wasLocked: true, wasRateLimited: false });
  });
});
