import { randomUUID } from 'node:crypto';
import { ServiceTier } from '@orion/testing';
import { SAMPLE_ADMIN, SAMPLE_USER } from '../../../../prisma/sample-accounts';
import { AccessCheckService } from '../../src/access/access-check.service';
import { AssignmentsModule } from '../../src/assignments/assignments.module';
import { AssignmentsService } from '../../src/assignments/assignments.service';
import { actingAs, admin, startUserServiceTier } from '../support/user-service-tier';

const HOUR = 60 * 60_000;

describe('role assignments and direct grants (service tier: real repositories and database)', () => {
  let tier: ServiceTier;
  let assignments: AssignmentsService;
  let access: AccessCheckService;

  beforeAll(async () => {
    tier = await startUserServiceTier(AssignmentsModule);
    assignments = tier.get(AssignmentsService);
    access = tier.get(AccessCheckService);
  });

  afterEach(() => tier.clock.restore());
  afterAll(() => tier?.stop());

  // An organisation of each test's own, so grants of one test never answer for another.
  const inOrg = (orgId: string) => ({ userId: SAMPLE_USER.id, scope: 'ORG' as const, scopeId: orgId });

  it('ends a time-bound grant when the clock passes its expiry', async () => {
    const orgId = randomUUID();
    await assignments.grantPermission(admin(), SAMPLE_USER.id, {
      permission: 'users:read',
      scope: 'ORG',
      scopeId: orgId,
      expiresAt: new Date(Date.now() + HOUR).toISOString(),
    });
    const query = { ...inOrg(orgId), permission: 'users:read' };
    expect(await access.check(query)).toMatchObject({ allowed: true });

    tier.clock.advance(HOUR + 60_000);
    expect(await access.check(query)).toMatchObject({ allowed: false });
  });

  it('starts a grant scheduled for later only when the clock reaches it', async () => {
    const orgId = randomUUID();
    await assignments.grantPermission(admin(), SAMPLE_USER.id, {
      permission: 'users:update',
      scope: 'ORG',
      scopeId: orgId,
      startsAt: new Date(Date.now() + HOUR).toISOString(),
    });
    const query = { ...inOrg(orgId), permission: 'users:update' };
    expect(await access.check(query)).toMatchObject({ allowed: false });

    tier.clock.advance(HOUR + 60_000);
    expect(await access.check(query)).toMatchObject({ allowed: true });
  });

  it('refuses a grant of a permission the granting user does not hold, and stores nothing', async () => {
    const orgId = randomUUID();
    await expect(
      assignments.grantPermission(actingAs(SAMPLE_USER.id), SAMPLE_ADMIN.id, {
        permission: 'users:delete',
        scope: 'ORG',
        scopeId: orgId,
      }),
    ).rejects.toMatchObject({ code: 'GRANT_EXCEEDS_OWN_PERMISSIONS' });
    const rows = await tier.query('SELECT 1 FROM user_permissions WHERE scope_id = $1', [orgId]);
    expect(rows).toEqual([]);
  });
});
