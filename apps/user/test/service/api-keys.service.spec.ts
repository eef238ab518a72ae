import { ServiceTier } from '@orion/testing';
import { SAMPLE_USER } from '../../../../prisma/sample-accounts';
import { ApiKeysModule } from '../../src/api-keys/api-keys.module';
import { ApiKeysService } from '../../src/api-keys/api-keys.service';
import { UserApiKeyVerifier } from '../../src/api-keys/user-api-key.verifier';
import { AssignmentsModule } from '../../src/assignments/assignments.module';
import { AssignmentsService } from '../../src/assignments/assignments.service';
import { actingAs, admin, startUserServiceTier } from '../support/user-service-tier';

const HOUR = 60 * 60_000;

describe('API keys (service tier: real repositories and database)', () => {
  let tier: ServiceTier;
  let keys: ApiKeysService;
  let verifier: UserApiKeyVerifier;

  beforeAll(async () => {
    tier = await startUserServiceTier(ApiKeysModule, AssignmentsModule);
    keys = tier.get(ApiKeysService);
    verifier = tier.get(UserApiKeyVerifier);
  });

  afterEach(() => tier.clock.restore());
  afterAll(() => tier?.stop());

  it("lets a key use only the scopes its owner still holds: a grant's end narrows the key", async () => {
    // The user role holds roles:read (through guest); users:read comes from a grant for an hour.
    await tier.get(AssignmentsService).grantPermission(admin(), SAMPLE_USER.id, {
      permission: 'users:read',
      expiresAt: new Date(Date.now() + HOUR).toISOString(),
    });
    const owner = actingAs(SAMPLE_USER.id);
    const issued = await keys.create(
      SAMPLE_USER.id,
      { name: 'reporting', scopes: ['users:read', 'roles:read'] },
      owner,
    );
    expect(issued.scopes).toEqual(['roles:read', 'users:read']);

    expect((await verifier.verify(issued.key))?.scopes.sort()).toEqual(['roles:read', 'users:read']);
    tier.clock.advance(HOUR + 60_000);
    expect((await verifier.verify(issued.key))?.scopes).toEqual(['roles:read']);
  });

  it('refuses a key with a scope its owner does not hold', async () => {
    const owner = actingAs(SAMPLE_USER.id);
    await expect(
      keys.create(SAMPLE_USER.id, { name: 'too-much', scopes: ['roles:read', 'users:delete'] }, owner),
    ).rejects.toMatchObject({ code: 'API_KEY_SCOPE_NOT_HELD' });
  });

  it('stops a key at its expiry by the clock', async () => {
    const owner = actingAs(SAMPLE_USER.id);
    const issued = await keys.create(
      SAMPLE_USER.id,
      { name: 'short-lived', scopes: ['roles:read'], expiresAt: new Date(Date.now() + HOUR) },
      owner,
    );
    expect(await verifier.verify(issued.key)).toMatchObject({ ownerId: SAMPLE_USER.id });
    tier.clock.advance(HOUR + 60_000);
    expect(await verifier.verify(issued.key)).toBeNull();
  });
});
