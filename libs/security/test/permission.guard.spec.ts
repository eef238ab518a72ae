import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { IsString } from 'class-validator';
import {
  invalidateAllPermissions,
  invalidateUserPermissions,
  PermissionChecker,
  PermissionDecision,
  PermissionQuery,
  CacheSeal,
  RequirePermission,
  SecurityKeys,
} from '@orion/security';
import { randomUUID } from 'node:crypto';
import { Clock } from '@orion/core';
import { controlClock } from '@orion/testing';
import { bearer, securityTestSuite, TEST_CACHE_MAC_KEY, TEST_NAMESPACE } from './security-test-app';

/** A checker with real state: grants can be added and removed, and every question is recorded. */
class GrantTableChecker extends PermissionChecker {
  readonly questions: PermissionQuery[] = [];
  private readonly grants = new Set<string>();
  failing = false;
  /** Sent with every answer when set: the moment the answer changes by itself. */
  validUntil: string | undefined;

  grant(query: PermissionQuery): void {
    this.grants.add(GrantTableChecker.keyOf(query));
  }

  revoke(query: PermissionQuery): void {
    this.grants.delete(GrantTableChecker.keyOf(query));
  }

  asked(userId: string): PermissionQuery[] {
    return this.questions.filter((q) => q.userId === userId);
  }

  async check(query: PermissionQuery): Promise<PermissionDecision> {
    this.questions.push(query);
    if (this.failing) throw new Error('user service did not answer');
    const allowed = this.grants.has(GrantTableChecker.keyOf(query));
    const decision: PermissionDecision = allowed ? { allowed } : { allowed, reason: 'no role grants it' };
    return this.validUntil === undefined ? decision : { ...decision, validUntil: this.validUntil };
  }

  private static keyOf(q: PermissionQuery): string {
    return JSON.stringify([q.userId, q.permission, q.scope, q.scopeId ?? null]);
  }
}

class JoinTeamDto {
  @IsString()
  teamId!: string;
}

@Controller()
class GuardedController {
  @RequirePermission('users:read')
  @Get('users')
  list() {
    return { users: [] };
  }

  @RequirePermission('members:invite', { scope: 'ORG', scopeIdParam: 'orgId' })
  @Post('orgs/:orgId/invites')
  invite(@Param('orgId') orgId: string) {
    return { invited: orgId };
  }

  @RequirePermission('teams:read', { scope: 'TEAM', scopeIdQuery: 'teamId' })
  @Get('teams')
  team() {
    return { team: true };
  }

  @RequirePermission('teams:join', { scope: 'TEAM', scopeIdBody: 'teamId' })
  @Post('teams/join')
  join(@Body() _body: JoinTeamDto) {
    return { joined: true };
  }

  @Get('plain')
  plain() {
    return { plain: true };
  }
}

describe('PermissionGuard over HTTP', () => {
  const checker = new GrantTableChecker();
  const suite = securityTestSuite([GuardedController], { permissionChecker: { useValue: checker } });

  async function as(userId: string, method: 'GET' | 'POST', url: string, payload?: object) {
    const headers = bearer(await suite.jwks.sign({ userId }));
    return suite.app.inject({ method, url, headers, payload });
  }

  const usersRead = (userId: string): PermissionQuery => ({
    userId,
    permission: 'users:read',
    scope: 'GLOBAL',
  });

  it('lets an allowed user through and refuses a denied one with a 403 naming permission and scope', async () => {
    const allowed = randomUUID();
    const denied = randomUUID();
    checker.grant(usersRead(allowed));
    expect((await as(allowed, 'GET', '/users')).statusCode).toBe(200);
    const response = await as(denied, 'GET', '/users');
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({
      code: 'PERMISSION_DENIED',
      permission: 'users:read',
      scope: 'GLOBAL',
      reason: 'no role grants it',
    });
  });

  it('leaves routes without a requirement alone', async () => {
    const userId = randomUUID();
    expect((await as(userId, 'GET', '/plain')).statusCode).toBe(200);
    expect(checker.asked(userId)).toHaveLength(0);
  });

  it('authenticates before it checks', async () => {
    const response = await suite.app.inject({ method: 'GET', url: '/users' });
    expect(response.json()).toMatchObject({ status: 401, code: 'TOKEN_MISSING' });
  });

  it('does not grant through a forged cache entry: written without the MAC key, it is a miss', async () => {
    const userId = randomUUID();
    const key = new SecurityKeys(TEST_NAMESPACE).permissionDecision('test', userId, 'users:read', 'GLOBAL');
    const grant = JSON.stringify({ versions: '0:0', decision: { allowed: true } });
    const [global, user] = await suite.store.redis.mget(
      new SecurityKeys(TEST_NAMESPACE).globalPermissionVersion,
      new SecurityKeys(TEST_NAMESPACE).userPermissionVersion(userId),
    );
    const current = JSON.stringify({ versions: `${global ?? 0}:${user ?? 0}`, decision: { allowed: true } });
    const forgeries = [
      grant,
      current,
      // Sealed, but with a key the services do not hold.
      new CacheSeal(Buffer.alloc(32, 1)).seal(key, current),
      // A genuine seal from another user's entry, moved onto this one's key.
      new CacheSeal(TEST_CACHE_MAC_KEY).seal(
        new SecurityKeys(TEST_NAMESPACE).permissionDecision('test', randomUUID(), 'users:read', 'GLOBAL'),
        current,
      ),
    ];
    for (const forged of forgeries) {
      await suite.store.redis.set(key, forged, 'EX', 60);
      const response = await as(userId, 'GET', '/users');
      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({ code: 'PERMISSION_DENIED' });
    }
    expect(checker.asked(userId)).toHaveLength(forgeries.length);
    // The same entry sealed with the services' key is what a real fill looks like, and counts.
    await suite.store.redis.set(key, new CacheSeal(TEST_CACHE_MAC_KEY).seal(key, current), 'EX', 60);
    expect((await as(userId, 'GET', '/users')).statusCode).toBe(200);
  });

  it('caches decisions in Redis: two requests, one question', async () => {
    const userId = randomUUID();
    checker.grant(usersRead(userId));
    await as(userId, 'GET', '/users');
    await as(userId, 'GET', '/users');
    expect(checker.asked(userId)).toHaveLength(1);
  });

  it('re-asks on the next request after invalidateUserPermissions', async () => {
    const userId = randomUUID();
    checker.grant(usersRead(userId));
    expect((await as(userId, 'GET', '/users')).statusCode).toBe(200);
    checker.revoke(usersRead(userId));
    // Still cached: the change is not visible until the user service invalidates.
    expect((await as(userId, 'GET', '/users')).statusCode).toBe(200);
    await invalidateUserPermissions(suite.store.redis, TEST_NAMESPACE, userId);
    expect((await as(userId, 'GET', '/users')).statusCode).toBe(403);
    expect(checker.asked(userId)).toHaveLength(2);
  });

  it('keeps a decision no longer than its validUntil: a grant that expires needs no invalidation', async () => {
    const userId = randomUUID();
    checker.grant(usersRead(userId));
    checker.validUntil = new Date(Date.now() + 60_000).toISOString();
    const clock = controlClock(suite.app.get(Clock));
    try {
      expect((await as(userId, 'GET', '/users')).statusCode).toBe(200);
      expect((await as(userId, 'GET', '/users')).statusCode).toBe(200);
      expect(checker.asked(userId)).toHaveLength(1);
      clock.advance(61_000);
      await as(userId, 'GET', '/users');
      expect(checker.asked(userId)).toHaveLength(2);
    } finally {
      checker.validUntil = undefined;
      clock.restore();
    }
  });

  it('re-asks for every user after invalidateAllPermissions', async () => {
    const [first, second] = [randomUUID(), randomUUID()];
    await as(first, 'GET', '/users');
    await as(second, 'GET', '/users');
    checker.grant(usersRead(first));
    checker.grant(usersRead(second));
    expect((await as(first, 'GET', '/users')).statusCode).toBe(403);
    await invalidateAllPermissions(suite.store.redis, TEST_NAMESPACE);
    expect((await as(first, 'GET', '/users')).statusCode).toBe(200);
    expect((await as(second, 'GET', '/users')).statusCode).toBe(200);
  });

  it('passes the scope id from a route parameter and caches per scope id', async () => {
    const userId = randomUUID();
    checker.grant({ userId, permission: 'members:invite', scope: 'ORG', scopeId: 'org-1' });
    expect((await as(userId, 'POST', '/orgs/org-1/invites')).json()).toEqual({ invited: 'org-1' });
    const other = await as(userId, 'POST', '/orgs/org-2/invites');
    expect(other.statusCode).toBe(403);
    expect(other.json()).toMatchObject({ scope: 'ORG', scopeId: 'org-2' });
    expect(checker.asked(userId)).toEqual([
      { userId, permission: 'members:invite', scope: 'ORG', scopeId: 'org-1' },
      { userId, permission: 'members:invite', scope: 'ORG', scopeId: 'org-2' },
    ]);
  });

  it('reads the scope id from the query or the body, and asks for it when missing', async () => {
    const userId = randomUUID();
    checker.grant({ userId, permission: 'teams:read', scope: 'TEAM', scopeId: 't-1' });
    checker.grant({ userId, permission: 'teams:join', scope: 'TEAM', scopeId: 't-2' });
    expect((await as(userId, 'GET', '/teams?teamId=t-1')).statusCode).toBe(200);
    expect((await as(userId, 'POST', '/teams/join', { teamId: 't-2' })).statusCode).toBe(201);
    const missing = await as(userId, 'GET', '/teams');
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ code: 'SCOPE_ID_MISSING' });
  });

  it('answers 503 when the checker fails, never 500 and never allow', async () => {
    const userId = randomUUID();
    checker.failing = true;
    try {
      const response = await as(userId, 'GET', '/users');
      expect(response.statusCode).toBe(503);
      expect(response.json()).toMatchObject({ code: 'PERMISSION_CHECK_UNAVAILABLE' });
    } finally {
      checker.failing = false;
    }
  });

  it('refuses a requirement that cannot be checked when the class is defined', () => {
    expect(() => RequirePermission('members:invite', { scope: 'ORG' })).toThrow('needs exactly one scopeId');
    expect(() => RequirePermission('users:read', { scopeIdParam: 'id' })).toThrow('takes no scope id');
  });
});
