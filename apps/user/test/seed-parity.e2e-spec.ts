import { randomUUID } from 'node:crypto';
import {
  ROLE_PERMISSIONS,
  SYSTEM_PERMISSIONS,
  SYSTEM_ROLES,
  USER_PREFERENCES,
} from '../../../prisma/user/seed-data';
import { UserServiceUnderTest } from './support/user-service';

/**
 * Everything the user seed writes can be written again through the REST API by the seeded
 * administrator alone, under new names: permissions, a role chain with its default role and its
 * mapping, verified users, their assignments and preferences. API keys belong to their owner,
 * who creates them.
 */
const ADMIN = UserServiceUnderTest.admin.id;
const SEEDED_SUPER_ADMIN = SYSTEM_ROLES.find((role) => role.slug === 'super-admin')!.id;
const ORG = randomUUID();

/** The new chain mirrors the seed's, one custom role per system role. */
const slug = (seeded: string) => `acme-${seeded}`;
const CHAIN = SYSTEM_ROLES.map((role) => ({
  slug: slug(role.slug),
  name: `Acme ${role.name}`,
  priority: role.priority,
  isDefault: role.isDefault,
  parent: role.parent && slug(role.parent),
}));
const TOP = CHAIN[CHAIN.length - 1]!.slug;
const DEFAULT = CHAIN.find((role) => role.isDefault)!.slug;

/** New resources, each given to the least privileged role that should have it. */
const CUSTOM_PERMISSIONS = [
  { permission: 'reports:read', category: 'reports', role: 'guest' },
  { permission: 'projects:create', category: 'projects', role: 'user' },
  { permission: 'invoices:read', category: 'billing', role: 'support' },
  { permission: 'reports:export', category: 'reports', role: 'manager' },
  { permission: 'invoices:refund', category: 'billing', role: 'admin' },
  { permission: 'projects:archive', category: 'projects', role: 'super-admin' },
];
/** The seed's system mapping plus the custom one, by new role slug. */
const MAPPING = [...ROLE_PERMISSIONS, ...CUSTOM_PERMISSIONS].map((entry) => ({
  role: slug(entry.role),
  permission: entry.permission,
}));

/** Preferences like the seeded regular user's, all seven categories. */
const { id: _id, userId: _userId, ...PREFERENCES } = USER_PREFERENCES[1]!;

describe('the seeded administrator can do everything through the API that the seed did', () => {
  let service: UserServiceUnderTest;
  let startedAt: string;

  beforeAll(async () => {
    service = await UserServiceUnderTest.start();
    startedAt = new Date().toISOString();
  });
  afterAll(() => service?.stop());

  /** Calls the API as a user and expects a status; returns the JSON body. */
  async function expectCall(
    status: number,
    as: string,
    method: string,
    url: string,
    options: { body?: unknown; query?: Record<string, string>; headers?: Record<string, string> } = {},
  ): Promise<any> {
    const response = await service.call(method, `/api/v1${url}`, { as, ...options });
    expect([method, url, response.statusCode, response.statusCode === status || response.body]).toEqual([
      method,
      url,
      status,
      true,
    ]);
    return response.body ? response.json() : undefined;
  }
  const asAdmin = (status: number, method: string, url: string, body?: unknown) =>
    expectCall(status, ADMIN, method, url, { body });

  async function createRoleChain(): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    for (const { parent, ...role } of CHAIN) {
      const parentId = parent ? ids.get(parent) : undefined;
      const created = await asAdmin(201, 'POST', '/roles', { ...role, parentId });
      expect(created).toMatchObject({
        slug: role.slug,
        type: 'CUSTOM',
        parentId: parentId ?? null,
        isDefault: role.isDefault,
      });
      ids.set(role.slug, created.id);
    }
    return ids;
  }

  /**
   * An account as the seed has them: created by the administrator, its address verified (which
   * makes it ACTIVE), with one GLOBAL role: the default one unless another is named.
   */
  async function createAccount(
    username: string,
    roleSlug: string,
    roles: Map<string, string>,
  ): Promise<string> {
    const user = await asAdmin(201, 'POST', '/users', {
      email: `${username}@acme.test`,
      username,
      firstName: 'Acme',
      lastName: username,
      displayName: `Acme ${username}`,
    });
    const verified = await asAdmin(200, 'POST', `/users/${user.id}/email-verification/confirm`);
    expect(verified).toMatchObject({ status: 'ACTIVE', emailVerifiedAt: expect.any(String) });
    // Every new account receives the default role, now the new chain's.
    const [initial, ...others] = (await asAdmin(200, 'GET', `/users/${user.id}/roles`)).items;
    expect([initial.role.slug, others]).toEqual([DEFAULT, []]);
    if (roleSlug !== DEFAULT) {
      await asAdmin(204, 'DELETE', `/users/${user.id}/roles/${initial.id}`);
      await asAdmin(201, 'POST', `/users/${user.id}/roles`, { roleId: roles.get(roleSlug), scope: 'GLOBAL' });
    }
    return user.id;
  }

  /** Audit rows by one actor since the start, counted by "ACTION resource_type". */
  async function auditTrail(actorId: string): Promise<Record<string, number>> {
    const page = await asAdmin(200, 'GET', `/audit-logs?actorId=${actorId}&from=${startedAt}&limit=100`);
    expect(page.nextCursor).toBeNull();
    const counts: Record<string, number> = {};
    for (const row of page.items) {
      const key = `${row.action} ${row.resourceType}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return counts;
  }

  it('rebuilds permissions, roles, users, assignments, preferences and an API key', async () => {
    // Permissions: new resources next to the system ones.
    for (const { permission, category } of CUSTOM_PERMISSIONS) {
      const created = await asAdmin(201, 'POST', '/permissions', { permission, category });
      expect(created).toMatchObject({ name: permission, category, system: false });
    }
    const catalogue = await asAdmin(200, 'GET', '/permissions?limit=100');
    expect(catalogue.items).toHaveLength(SYSTEM_PERMISSIONS.length + CUSTOM_PERMISSIONS.length);

    // The role chain and its mapping: each permission once, on the least privileged role.
    const roles = await createRoleChain();
    for (const { role, permission } of MAPPING) {
      await asAdmin(201, 'POST', `/roles/${roles.get(role)}/permissions`, { permission });
    }
    const top = await asAdmin(200, 'GET', `/roles/${roles.get(TOP)}`);
    expect(top.ancestors).toEqual(
      CHAIN.slice(0, -1)
        .map((role) => role.slug)
        .reverse(),
    );
    const carriers = (detail: any) =>
      Object.fromEntries(detail.effectivePermissions.map((p: any) => [p.permission, p.fromRole]));
    expect(carriers(top)).toEqual(Object.fromEntries(MAPPING.map((m) => [m.permission, m.role])));
    // The same carriers as the seeded chain, for every system permission.
    const seeded = carriers(await asAdmin(200, 'GET', `/roles/${SEEDED_SUPER_ADMIN}`));
    const renamed = Object.entries(seeded).map(([permission, role]) => [permission, slug(role as string)]);
    expect(carriers(top)).toMatchObject(Object.fromEntries(renamed));
    const stored = await service.query(
      `SELECT r.slug AS role, p.resource || ':' || p.action AS permission FROM role_permissions rp
       JOIN roles r ON r.id = rp.role_id JOIN permissions p ON p.id = rp.permission_id
       WHERE r.slug LIKE 'acme-%'`,
    );
    expect(stored).toHaveLength(MAPPING.length);
    expect(stored).toEqual(expect.arrayContaining(MAPPING));
    // The new chain's default role replaced the product's.
    const defaults = await service.query(`SELECT slug FROM roles WHERE is_default AND deleted_at IS NULL`);
    expect(defaults).toEqual([{ slug: DEFAULT }]);

    // The administrator takes the new chain's top role: acting on an account needs every
    // permission it holds, and the new chain's default role carries the new permissions.
    await asAdmin(201, 'POST', `/users/${ADMIN}/roles`, { roleId: roles.get(TOP), scope: 'GLOBAL' });

    // Users: an administrator-like one holding the top role, a regular one.
    const chief = await createAccount('chief', TOP, roles);
    const member = await createAccount('member', slug('user'), roles);
    const accounts = await service.query(
      `SELECT status, email_verified_at IS NOT NULL AS verified FROM users WHERE id = ANY($1::uuid[])`,
      [[chief, member]],
    );
    expect(accounts).toEqual([
      { status: 'ACTIVE', verified: true },
      { status: 'ACTIVE', verified: true },
    ]);
    const expiresAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const scoped = await asAdmin(201, 'POST', `/users/${member}/roles`, {
      roleId: roles.get(slug('support')),
      scope: 'ORG',
      scopeId: ORG,
      startsAt: startedAt,
      expiresAt,
    });
    expect(scoped).toMatchObject({ scope: 'ORG', scopeId: ORG, status: 'VALID', grantedById: ADMIN });
    const assignments = await service.query(
      `SELECT u.username, r.slug, ur.scope FROM user_roles ur JOIN roles r ON r.id = ur.role_id
       JOIN users u ON u.id = ur.user_id WHERE ur.user_id = ANY($1::uuid[])
       ORDER BY u.username, r.slug`,
      [[chief, member]],
    );
    expect(assignments).toEqual([
      { username: 'chief', slug: TOP, scope: 'GLOBAL' },
      { username: 'member', slug: slug('support'), scope: 'ORG' },
      { username: 'member', slug: slug('user'), scope: 'GLOBAL' },
    ]);

    // The top role reaches every permission through the whole chain.
    const effective = await asAdmin(200, 'GET', `/users/${chief}/effective-permissions`);
    expect(effective.permissions.map((p: any) => p.permission).sort()).toEqual(
      MAPPING.map((m) => m.permission).sort(),
    );
    const explain = (userId: string, permission: string, query: Record<string, string> = {}) =>
      expectCall(200, ADMIN, 'GET', '/access/explain', { query: { userId, permission, ...query } });
    const viaChain = await explain(chief, 'reports:read');
    expect(viaChain).toMatchObject({ allowed: true });
    expect(viaChain.granting[0].roleChain).toEqual(CHAIN.map((role) => role.slug).reverse());
    const inOrg = await explain(member, 'invoices:read', { scope: 'ORG', scopeId: ORG });
    expect(inOrg).toMatchObject({ allowed: true, validUntil: expiresAt });
    const outside = await explain(member, 'invoices:read');
    expect(outside.allowed).toBe(false);
    expect(outside.nearMisses[0]).toMatchObject({
      coversScope: false,
      source: { role: { slug: slug('support') } },
    });

    // Preferences: written by the administrator, category by category, as the owner would.
    let version = (await asAdmin(200, 'GET', `/users/${member}/preferences`)).version;
    for (const [category, settings] of Object.entries(PREFERENCES)) {
      const headers = { 'if-match': `"${version}"` };
      const written = await expectCall(200, ADMIN, 'PUT', `/users/${member}/preferences/${category}`, {
        body: settings,
        headers,
      });
      expect(written).toEqual({ category, version: version + 1, settings });
      version = written.version;
    }
    expect(await expectCall(200, member, 'GET', '/users/me/preferences')).toEqual({
      ...PREFERENCES,
      version,
    });

    // An API key: created by its owner (scoped to custom permissions the owner holds), seen by the admin.
    const key = await expectCall(201, chief, 'POST', '/users/me/api-keys', {
      body: { name: 'acme-ci', scopes: ['reports:export', 'invoices:refund'] },
    });
    const keys = await asAdmin(200, 'GET', `/users/${chief}/api-keys`);
    expect(keys.items.map((k: any) => [k.id, k.state])).toEqual([[key.id, 'active']]);

    // The audit trail: one row per step of the administrator's, and the owners' own writes.
    expect(await auditTrail(ADMIN)).toEqual({
      'CREATE permission': CUSTOM_PERMISSIONS.length,
      'CREATE role': CHAIN.length,
      'UPDATE role': 1, // the product's default role stopped being the default
      'PERMISSION_GRANT role': MAPPING.length,
      'CREATE user': 2,
      'CREATE email_verification': 2, // a new account is sent a verification e-mail
      'EMAIL_VERIFY user': 2,
      'ROLE_REVOKE user_role': 1, // the chief's default role, for the top one
      'ROLE_ASSIGN user_role': 3, // the administrator's own top role of the new chain, the chief's, the member's
      'UPDATE user_preferences': Object.keys(PREFERENCES).length,
    });
    expect(await auditTrail(member)).toEqual({});
    expect(await auditTrail(chief)).toEqual({ 'CREATE api_key': 1 });

    // The regular user can repeat none of the administrator's steps.
    const refused: [number, string, string, unknown?][] = [
      [403, 'POST', '/permissions', { permission: 'reports:delete' }],
      [403, 'POST', '/roles', { slug: 'acme-rogue', name: 'Rogue' }],
      [403, 'PATCH', `/roles/${roles.get(TOP)}`, { isDefault: true }],
      [403, 'POST', `/roles/${roles.get(slug('user'))}/permissions`, { permission: 'reports:export' }],
      [403, 'POST', '/users', { email: 'rogue@acme.test' }],
      [403, 'PATCH', `/users/${chief}/status`, { status: 'SUSPENDED' }],
      [403, 'POST', `/users/${chief}/email-verification/confirm`],
      [403, 'POST', `/users/${member}/roles`, { roleId: roles.get(TOP) }],
      [404, 'GET', `/users/${chief}/roles`],
      [404, 'GET', `/users/${chief}/effective-permissions`],
      [404, 'GET', `/users/${chief}/preferences`],
      [404, 'PUT', `/users/${chief}/preferences/display`, PREFERENCES.display],
      [403, 'GET', `/users/${chief}/api-keys`],
      [403, 'GET', '/audit-logs'],
    ];
    // A well-formed request each (If-Match for the preferences): refused for the caller, not the input.
    for (const [status, method, url, body] of refused)
      await expectCall(status, member, method, url, { body, headers: { 'if-match': '"1"' } });
    // While the administrator-like user, through the rebuilt chain, can.
    await expectCall(200, chief, 'GET', '/audit-logs');
    await expectCall(201, chief, 'POST', '/roles', { body: { slug: 'acme-delegate', name: 'Delegate' } });
  });
});
