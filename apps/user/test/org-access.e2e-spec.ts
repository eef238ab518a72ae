import { randomUUID } from 'node:crypto';
import { Clock } from '@orion/core';
import { controlClock } from '@orion/testing';
import { SYSTEM_ROLES } from '../../../prisma/user/seed-data';
import { createUser } from './support/user-factory';
import { UserServiceUnderTest } from './support/user-service';

const SUPPORT_ROLE = SYSTEM_ROLES.find((role) => role.slug === 'support')!.id;

describe('organisation-scoped access', () => {
  let service: UserServiceUnderTest;
  const admin = UserServiceUnderTest.admin.id;

  beforeAll(async () => {
    service = await UserServiceUnderTest.start();
  });

  afterAll(async () => {
    await service?.stop();
  });

  it('opens an organisation view to a role granted in that organisation only, until the grant expires', async () => {
    const orgAdmin = (await createUser(service)).id;
    const acme = randomUUID();
    const globex = randomUUID();
    const expiresAt = new Date(Date.now() + 3_000);
    const granted = await service.call('POST', `/api/v1/users/${orgAdmin}/roles`, {
      as: admin,
      body: { roleId: SUPPORT_ROLE, scope: 'ORG', scopeId: acme, expiresAt: expiresAt.toISOString() },
    });
    expect(granted.statusCode).toBe(201);

    const view = (org: string) =>
      service.call('GET', `/api/v1/orgs/${org}/holders`, {
        as: orgAdmin,
        query: { permission: 'users:read' },
      });

    const inAcme = await view(acme);
    expect(inAcme.statusCode).toBe(200);
    expect(inAcme.json().items.map((item: { id: string }) => item.id)).toContain(orgAdmin);
    const inGlobex = await view(globex);
    expect([inGlobex.statusCode, inGlobex.json().code]).toEqual([403, 'PERMISSION_DENIED']);

    const clock = controlClock(service.app.get(Clock));
    clock.setTo(new Date(expiresAt.getTime() + 100));
    try {
      const afterExpiry = await view(acme);
      expect([afterExpiry.statusCode, afterExpiry.json().code]).toEqual([403, 'PERMISSION_DENIED']);
    } finally {
      clock.restore();
    }
  });

  it('lists staff holding a permission GLOBALLY without their address to an organisation administrator', async () => {
    const orgAdmin = await createUser(service);
    const acme = randomUUID();
    const granted = await service.call('POST', `/api/v1/users/${orgAdmin.id}/roles`, {
      as: admin,
      body: { roleId: SUPPORT_ROLE, scope: 'ORG', scopeId: acme },
    });
    expect(granted.statusCode).toBe(201);
    const response = await service.call('GET', `/api/v1/orgs/${acme}/holders`, {
      as: orgAdmin.id,
      query: { permission: 'users:read', limit: '100' },
    });
    expect(response.statusCode).toBe(200);
    const items = response.json().items as { id: string; email: string | null; global: boolean }[];
    // The sample administrator holds users:read GLOBALLY: listed, but its address is not shown.
    expect(items.find((item) => item.id === admin)).toMatchObject({ email: null, global: true });
    expect(response.body).not.toContain(UserServiceUnderTest.admin.email);
    expect(items.find((item) => item.id === orgAdmin.id)).toMatchObject({
      email: orgAdmin.email,
      global: false,
    });
  });

  it('answers a malformed permission with problem details', async () => {
    const response = await service.call('GET', `/api/v1/orgs/${randomUUID()}/holders`, {
      as: admin,
      query: { permission: 'not a permission' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });
});
