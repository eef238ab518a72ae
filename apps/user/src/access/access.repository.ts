import { Injectable } from '@nestjs/common';
import type { UserStatus } from '@orion/contracts';
import { PrismaService } from '../database/prisma.service';
import { NIL_SCOPE_ID, PERMISSION_HOLDING_STATUSES, PermissionScope, PermissionSource } from './access.types';

interface SourceRow {
  kind: 'ROLE' | 'DIRECT';
  grant_id: string;
  resource: string;
  action: string;
  role_id: string | null;
  role_slug: string | null;
  role_chain: string[] | null;
  scope: PermissionScope;
  scope_id: string;
  starts_at: Date;
  expires_at: Date | null;
}

/** The statuses in which an account holds its permissions, as SQL literals. */
const LIVE_STATUSES = PERMISSION_HOLDING_STATUSES.map((status) => `'${status}'`).join(', ');

/**
 * Every assignment and grant through which a user holds a permission (or all permissions), in
 * any scope and at any time: callers decide coverage and validity at the moment they ask.
 * One round trip: the user's liveness and a recursive walk up each assigned role's parents.
 * Soft-deleted roles break the chain: neither they nor their ancestors grant anything.
 * A user holds nothing unless live: not deleted (nor erased, which sets deleted_at too) and
 * ACTIVE or PENDING_VERIFICATION. `status` is null for a missing or deleted user.
 */
const SOURCES_SQL = `
WITH RECURSIVE
  wanted AS (
    SELECT id, resource, action FROM permissions
    WHERE $2::text IS NULL OR (resource = $2 AND action = $3)
  ),
  chain AS (
    SELECT ur.id AS grant_id, ur.role_id AS held_id, r.id AS role_id, r.parent_id,
           ARRAY[r.slug]::text[] AS slugs, ARRAY[r.id] AS ids
    FROM user_roles ur JOIN roles r ON r.id = ur.role_id AND r.deleted_at IS NULL
    WHERE ur.user_id = $1::uuid
    UNION ALL
    SELECT c.grant_id, c.held_id, p.id, p.parent_id, c.slugs || p.slug::text, c.ids || p.id
    FROM chain c JOIN roles p ON p.id = c.parent_id AND p.deleted_at IS NULL
    WHERE NOT p.id = ANY(c.ids)
  ),
  sources AS (
    SELECT 'ROLE' AS kind, ur.id AS grant_id, w.resource, w.action, held.id AS role_id,
           held.slug AS role_slug, c.slugs AS role_chain, ur.scope::text AS scope,
           ur.scope_id::text AS scope_id, ur.starts_at, ur.expires_at
    FROM chain c
    JOIN role_permissions rp ON rp.role_id = c.role_id
    JOIN wanted w ON w.id = rp.permission_id
    JOIN user_roles ur ON ur.id = c.grant_id
    JOIN roles held ON held.id = c.held_id
    UNION ALL
    SELECT 'DIRECT', up.id, w.resource, w.action, NULL, NULL, NULL, up.scope::text,
           up.scope_id::text, up.starts_at, up.expires_at
    FROM user_permissions up JOIN wanted w ON w.id = up.permission_id
    WHERE up.user_id = $1::uuid
  )
SELECT u.deleted_at IS NULL AND u.status IN (${LIVE_STATUSES}) AS live,
       CASE WHEN u.deleted_at IS NULL THEN u.status::text END AS status,
       COALESCE((SELECT json_agg(s) FROM sources s), '[]'::json) AS sources
FROM (SELECT 1) AS one LEFT JOIN users u ON u.id = $1::uuid`;

const HOLDERS_SQL = `
WITH RECURSIVE
  wanted AS (SELECT id FROM permissions WHERE resource = $1 AND action = $2),
  granting AS (
    SELECT r.id, ARRAY[r.id] AS ids FROM roles r
    JOIN role_permissions rp ON rp.role_id = r.id JOIN wanted w ON w.id = rp.permission_id
    WHERE r.deleted_at IS NULL
    UNION ALL
    SELECT child.id, g.ids || child.id FROM roles child JOIN granting g ON child.parent_id = g.id
    WHERE child.deleted_at IS NULL AND NOT child.id = ANY(g.ids)
  ),
  holders AS (
    SELECT user_id, scope, scope_id, starts_at, expires_at FROM user_roles
    WHERE role_id IN (SELECT id FROM granting)
    UNION ALL
    SELECT user_id, scope, scope_id, starts_at, expires_at FROM user_permissions
    WHERE permission_id IN (SELECT id FROM wanted)
  ),
  valid AS (
    SELECT * FROM holders h
    WHERE h.starts_at <= $6 AND (h.expires_at IS NULL OR h.expires_at > $6)
      AND (h.scope = 'GLOBAL'
        OR (h.scope::text = $3 AND h.scope_id::text = $4)
        OR ($3 = 'TEAM' AND h.scope = 'ORG' AND h.scope_id::text = $5))
  )
SELECT u.id, u.email, u.display_name,
       NOT EXISTS (SELECT 1 FROM valid v WHERE v.user_id = u.id AND v.scope <> 'GLOBAL') AS global_only
FROM users u
WHERE u.deleted_at IS NULL AND u.status IN (${LIVE_STATUSES}) AND ($7::uuid IS NULL OR u.id > $7::uuid)
  AND EXISTS (SELECT 1 FROM valid v WHERE v.user_id = u.id)
ORDER BY u.id LIMIT $8`;

export interface UserSources {
  /** Holds permissions: exists, not deleted, ACTIVE or PENDING_VERIFICATION. */
  userLive: boolean;
  /** Null when the user does not exist or is deleted (or erased). */
  userStatus: UserStatus | null;
  sources: PermissionSource[];
}

export interface HolderRow {
  id: string;
  email: string;
  displayName: string | null;
  /** Holds it here only through GLOBAL grants (staff), not through one in the asked scope. */
  globalOnly: boolean;
}

@Injectable()
export class AccessRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** `permission` null: every permission the user holds anywhere, ever. */
  async sourcesOf(
    userId: string,
    permission: { resource: string; action: string } | null,
  ): Promise<UserSources> {
    const [row] = await this.prisma.$queryRawUnsafe<
      { live: boolean | null; status: UserStatus | null; sources: SourceRow[] }[]
    >(SOURCES_SQL, userId, permission?.resource ?? null, permission?.action ?? null);
    return {
      userLive: row?.live === true,
      userStatus: row?.status ?? null,
      sources: (row?.sources ?? []).map(toSource),
    };
  }

  /** Of these "resource:action" names, the ones that exist and are not system permissions. */
  async customPermissions(names: string[]): Promise<string[]> {
    const rows = await this.prisma.$queryRawUnsafe<{ name: string }[]>(
      `SELECT resource || ':' || action AS name FROM permissions
       WHERE resource || ':' || action = ANY($1::text[]) AND COALESCE(metadata->>'system', 'false') <> 'true'`,
      names,
    );
    return rows.map((r) => r.name);
  }

  async holders(
    permission: { resource: string; action: string },
    scope: { scope: PermissionScope; scopeId: string | null; parentScopeId: string | null },
    at: Date,
    page: { after: string | null; limit: number },
  ): Promise<HolderRow[]> {
    const rows = await this.prisma.$queryRawUnsafe<
      { id: string; email: string; display_name: string | null; global_only: boolean }[]
    >(
      HOLDERS_SQL,
      permission.resource,
      permission.action,
      scope.scope,
      scope.scopeId?.toLowerCase() ?? null,
      scope.parentScopeId?.toLowerCase() ?? null,
      at,
      page.after,
      page.limit,
    );
    return rows.map((r) => ({
      id: r.id,
      email: r.email,
      displayName: r.display_name,
      globalOnly: r.global_only,
    }));
  }
}

function toSource(row: SourceRow): PermissionSource {
  return {
    kind: row.kind,
    grantId: row.grant_id,
    permission: `${row.resource}:${row.action}`,
    ...(row.role_id && row.role_slug && { role: { id: row.role_id, slug: row.role_slug } }),
    roleChain: row.role_chain ?? [],
    scope: row.scope,
    scopeId: row.scope === 'GLOBAL' || row.scope_id === NIL_SCOPE_ID ? null : row.scope_id,
    // json_agg turns timestamps into strings.
    startsAt: new Date(row.starts_at),
    expiresAt: row.expires_at === null ? null : new Date(row.expires_at),
  };
}
