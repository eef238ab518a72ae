import { USER_PERMISSIONS_CHANGED } from '@orion/contracts';
import { ServiceTier } from '@orion/testing';
import { RolesModule } from '../../src/roles/roles.module';
import { RolesService } from '../../src/roles/roles.service';
import { SAMPLE_USER } from '../../../../prisma/sample-accounts';
import { admin, startUserServiceTier } from '../support/user-service-tier';

describe('roles (service tier: real repositories and database)', () => {
  let tier: ServiceTier;
  let roles: RolesService;

  beforeAll(async () => {
    tier = await startUserServiceTier(RolesModule);
    roles = tier.get(RolesService);
  });

  afterAll(() => tier?.stop());

  const slug = (label: string) => `${label}-${Math.random().toString(36).slice(2, 8)}`;

  it('inherits the parent role’s permissions down the tree', async () => {
    const parent = await roles.create({ slug: slug('parent'), name: 'Parent' }, admin());
    await roles.addPermission(parent.id, 'users:read', admin());
    const child = await roles.create({ slug: slug('child'), name: 'Child', parentId: parent.id }, admin());

    const detail = await roles.get(child.id);
    expect(detail.ancestors).toEqual([parent.slug]);
    expect(detail.effectivePermissions).toContainEqual({
      permission: 'users:read',
      fromRole: parent.slug,
      inherited: true,
    });
  });

  it('refuses a re-parenting that would close a cycle, and keeps the tree as it was', async () => {
    const top = await roles.create({ slug: slug('top'), name: 'Top' }, admin());
    const middle = await roles.create({ slug: slug('middle'), name: 'Middle', parentId: top.id }, admin());
    const bottom = await roles.create({ slug: slug('bottom'), name: 'Bottom', parentId: middle.id }, admin());

    await expect(roles.update(top.id, { parentId: bottom.id }, admin())).rejects.toMatchObject({
      code: 'ROLE_HIERARCHY_CYCLE',
    });
    await expect(roles.update(top.id, { parentId: top.id }, admin())).rejects.toMatchObject({
      code: 'ROLE_HIERARCHY_CYCLE',
    });
    const [row] = await tier.query<{ parent_id: string | null }>(
      'SELECT parent_id FROM roles WHERE id = $1',
      [top.id],
    );
    expect(row!.parent_id).toBeNull();
    expect((await roles.get(bottom.id)).ancestors).toEqual([middle.slug, top.slug]);
  });

  it('refuses to change a system role', async () => {
    const [system] = await tier.query<{ id: string }>("SELECT id FROM roles WHERE slug = 'user'");
    await expect(roles.update(system!.id, { name: 'Renamed' }, admin())).rejects.toMatchObject({
      code: 'SYSTEM_ROLE_IMMUTABLE',
    });
  });

  it('announces a permission change to every holder of the role', async () => {
    const role = await roles.create({ slug: slug('held'), name: 'Held' }, admin());
    await tier.query(
      `INSERT INTO user_roles (user_id, role_id, scope, starts_at, created_at, updated_at)
       VALUES ($1, $2, 'GLOBAL', now(), now(), now())`,
      [SAMPLE_USER.id, role.id],
    );
    const before = tier.events.of(USER_PERMISSIONS_CHANGED).length;
    await roles.addPermission(role.id, 'users:read', admin());
    const announced = tier.events.of(USER_PERMISSIONS_CHANGED).slice(before);
    expect(announced.map((event) => event.userId)).toContain(SAMPLE_USER.id);
  });
});
