/**
 * What the user seed writes, as plain data with fixed ids: the seed inserts whatever is
 * missing by id and never rewrites a row, and scripts can count records without a database.
 */
import { SAMPLE_ADMIN, SAMPLE_USER, type SampleAccount } from '../sample-accounts';

export interface PermissionSeed {
  id: string;
  resource: string;
  action: string;
  /** One of PERMISSION_CATEGORIES; stored in metadata with `system: true`. */
  category: PermissionCategory;
  description: string;
}

export const PERMISSION_CATEGORIES = ['users', 'roles', 'sessions', 'audit', 'notifications'] as const;
export type PermissionCategory = (typeof PERMISSION_CATEGORIES)[number];

/**
 * Capabilities over other people's data and shared configuration. Acting on one's own account
 * (profile, own sessions, own notifications) is decided by ownership and needs none of these.
 */
export const SYSTEM_PERMISSIONS: readonly PermissionSeed[] = [
  {
    id: '30000000-0000-4000-8000-000000000001',
    resource: 'users',
    action: 'read',
    category: 'users',
    description: "View other users' profiles",
  },
  {
    id: '30000000-0000-4000-8000-000000000002',
    resource: 'users',
    action: 'create',
    category: 'users',
    description: 'Create user accounts',
  },
  {
    id: '30000000-0000-4000-8000-000000000003',
    resource: 'users',
    action: 'update',
    category: 'users',
    description: "Edit other users' profiles and status",
  },
  {
    id: '30000000-0000-4000-8000-000000000004',
    resource: 'users',
    action: 'delete',
    category: 'users',
    description: 'Delete and restore user accounts',
  },
  {
    id: '30000000-0000-4000-8000-000000000005',
    resource: 'users',
    action: 'suspend',
    category: 'users',
    description: 'Suspend, lock and unlock accounts',
  },
  {
    id: '30000000-0000-4000-8000-000000000006',
    resource: 'roles',
    action: 'read',
    category: 'roles',
    description: 'View roles and their permissions',
  },
  {
    id: '30000000-0000-4000-8000-000000000007',
    resource: 'roles',
    action: 'create',
    category: 'roles',
    description: 'Create custom roles',
  },
  {
    id: '30000000-0000-4000-8000-000000000008',
    resource: 'roles',
    action: 'update',
    category: 'roles',
    description: 'Change custom roles and their permissions',
  },
  {
    id: '30000000-0000-4000-8000-000000000009',
    resource: 'roles',
    action: 'delete',
    category: 'roles',
    description: 'Delete custom roles',
  },
  {
    id: '30000000-0000-4000-8000-00000000000a',
    resource: 'roles',
    action: 'assign',
    category: 'roles',
    description: 'Assign and revoke roles and direct permissions',
  },
  {
    id: '30000000-0000-4000-8000-00000000000b',
    resource: 'sessions',
    action: 'read',
    category: 'sessions',
    description: "View other users' sessions and devices",
  },
  {
    id: '30000000-0000-4000-8000-00000000000c',
    resource: 'sessions',
    action: 'revoke',
    category: 'sessions',
    description: "End other users' sessions",
  },
  {
    id: '30000000-0000-4000-8000-00000000000d',
    resource: 'api-keys',
    action: 'read',
    category: 'sessions',
    description: "View other users' API keys (prefix and metadata only)",
  },
  {
    id: '30000000-0000-4000-8000-00000000000e',
    resource: 'api-keys',
    action: 'create',
    category: 'sessions',
    description: 'Create API keys for one’s own account',
  },
  {
    id: '30000000-0000-4000-8000-00000000000f',
    resource: 'api-keys',
    action: 'revoke',
    category: 'sessions',
    description: "Revoke other users' API keys",
  },
  {
    id: '30000000-0000-4000-8000-000000000010',
    resource: 'audit',
    action: 'read',
    category: 'audit',
    description: 'Read the audit log',
  },
  {
    id: '30000000-0000-4000-8000-000000000011',
    resource: 'audit',
    action: 'export',
    category: 'audit',
    description: 'Export the audit log',
  },
  {
    id: '30000000-0000-4000-8000-000000000012',
    resource: 'notifications',
    action: 'read',
    category: 'notifications',
    description: "Read other users' notification history",
  },
  {
    id: '30000000-0000-4000-8000-000000000013',
    resource: 'notifications',
    action: 'send',
    category: 'notifications',
    description: 'Send and resend notifications to users',
  },
  {
    id: '30000000-0000-4000-8000-000000000014',
    resource: 'templates',
    action: 'read',
    category: 'notifications',
    description: 'View notification templates',
  },
  {
    id: '30000000-0000-4000-8000-000000000015',
    resource: 'templates',
    action: 'manage',
    category: 'notifications',
    description: 'Create, edit and activate notification templates',
  },
  {
    id: '30000000-0000-4000-8000-000000000016',
    resource: 'notifications',
    action: 'admin',
    category: 'notifications',
    description: "List, read, change and delete other owners' webhook endpoints and batches",
  },
  {
    id: '30000000-0000-4000-8000-000000000017',
    resource: 'templates',
    action: 'manage-system',
    category: 'notifications',
    description:
      'Re-word and translate the system templates (reset links, sign-in codes, security alerts) as well',
  },
  {
    id: '30000000-0000-4000-8000-000000000018',
    resource: 'webhooks',
    action: 'manage',
    category: 'notifications',
    description: "Register, change, rotate and delete the owner's webhook endpoints",
  },
];

export interface RoleSeed {
  id: string;
  slug: string;
  name: string;
  description: string;
  /** Slug of the role this one inherits from; null for the root. */
  parent: string | null;
  priority: number;
  isDefault: boolean;
}

/**
 * One chain, listed root first. A role inherits every permission of its parent (as the schema
 * says), so a permission check walks from the held role up through its parents, and each
 * permission is granted once, to the least privileged role that should have it:
 * guest <- user <- support <- manager <- admin <- super-admin.
 * super-admin therefore holds all of SYSTEM_PERMISSIONS.
 */
export const SYSTEM_ROLES: readonly RoleSeed[] = [
  {
    id: '20000000-0000-4000-8000-000000000001',
    slug: 'guest',
    name: 'Guest',
    description: 'Least privilege: may read the role catalogue, nothing more.',
    parent: null,
    priority: 0,
    isDefault: false,
  },
  {
    id: '20000000-0000-4000-8000-000000000002',
    slug: 'user',
    name: 'User',
    description: 'A regular member; given to every new account.',
    parent: 'guest',
    priority: 10,
    isDefault: true,
  },
  {
    id: '20000000-0000-4000-8000-000000000003',
    slug: 'support',
    name: 'Support',
    description:
      'Helps users: reads their profiles, sees and ends their sessions, reads and resends their notifications.',
    parent: 'user',
    priority: 20,
    isDefault: false,
  },
  {
    id: '20000000-0000-4000-8000-000000000004',
    slug: 'manager',
    name: 'Manager',
    description: 'Manages accounts and assigns roles; reads the audit log.',
    parent: 'support',
    priority: 30,
    isDefault: false,
  },
  {
    id: '20000000-0000-4000-8000-000000000005',
    slug: 'admin',
    name: 'Administrator',
    description: 'Administers the product: deletes accounts, defines roles, edits templates.',
    parent: 'manager',
    priority: 40,
    isDefault: false,
  },
  {
    id: '20000000-0000-4000-8000-000000000006',
    slug: 'super-admin',
    name: 'Super administrator',
    description: 'Everything, including deleting roles.',
    parent: 'admin',
    priority: 50,
    isDefault: false,
  },
];

export interface RolePermissionSeed {
  id: string;
  role: string;
  permission: string;
}

/**
 * Each role's direct permissions ("resource:action"), one role_permissions row each;
 * inherited permissions are not repeated.
 */
export const ROLE_PERMISSIONS: readonly RolePermissionSeed[] = [
  // Reading other people's profiles is a staff capability: a plain user sees only their own.
  { id: '31000000-0000-4000-8000-000000000001', role: 'support', permission: 'users:read' },
  { id: '31000000-0000-4000-8000-000000000002', role: 'guest', permission: 'roles:read' },
  { id: '31000000-0000-4000-8000-000000000003', role: 'user', permission: 'templates:read' },
  { id: '31000000-0000-4000-8000-000000000004', role: 'user', permission: 'api-keys:create' },
  { id: '31000000-0000-4000-8000-000000000005', role: 'support', permission: 'sessions:read' },
  { id: '31000000-0000-4000-8000-000000000006', role: 'support', permission: 'sessions:revoke' },
  { id: '31000000-0000-4000-8000-000000000007', role: 'support', permission: 'notifications:read' },
  { id: '31000000-0000-4000-8000-000000000008', role: 'support', permission: 'notifications:send' },
  { id: '31000000-0000-4000-8000-000000000009', role: 'manager', permission: 'users:create' },
  { id: '31000000-0000-4000-8000-00000000000a', role: 'manager', permission: 'users:update' },
  { id: '31000000-0000-4000-8000-00000000000b', role: 'manager', permission: 'users:suspend' },
  { id: '31000000-0000-4000-8000-00000000000c', role: 'manager', permission: 'roles:assign' },
  { id: '31000000-0000-4000-8000-00000000000d', role: 'manager', permission: 'api-keys:read' },
  { id: '31000000-0000-4000-8000-00000000000e', role: 'manager', permission: 'audit:read' },
  { id: '31000000-0000-4000-8000-00000000000f', role: 'admin', permission: 'users:delete' },
  { id: '31000000-0000-4000-8000-000000000010', role: 'admin', permission: 'roles:create' },
  { id: '31000000-0000-4000-8000-000000000011', role: 'admin', permission: 'roles:update' },
  { id: '31000000-0000-4000-8000-000000000012', role: 'admin', permission: 'api-keys:revoke' },
  { id: '31000000-0000-4000-8000-000000000013', role: 'admin', permission: 'templates:manage' },
  { id: '31000000-0000-4000-8000-000000000014', role: 'admin', permission: 'audit:export' },
  { id: '31000000-0000-4000-8000-000000000015', role: 'super-admin', permission: 'roles:delete' },
  // Other owners' webhook endpoints and batches: administrators only (support sends with its own).
  { id: '31000000-0000-4000-8000-000000000016', role: 'admin', permission: 'notifications:admin' },
  // The system templates carry reset links and sign-in codes: their wording is not an admin's chore.
  { id: '31000000-0000-4000-8000-000000000017', role: 'super-admin', permission: 'templates:manage-system' },
  // Whoever sends may register the endpoints it sends to (an API key needs it among its scopes).
  { id: '31000000-0000-4000-8000-000000000018', role: 'support', permission: 'webhooks:manage' },
];

export const SAMPLE_USERS: readonly SampleAccount[] = [SAMPLE_ADMIN, SAMPLE_USER];

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** The seven preference categories of user_preferences, one JSON document each. */
export interface PreferencesSeed {
  id: string;
  userId: string;
  notifications: JsonObject;
  privacy: JsonObject;
  display: JsonObject;
  accessibility: JsonObject;
  communication: JsonObject;
  security: JsonObject;
  localization: JsonObject;
}

export const USER_PREFERENCES: readonly PreferencesSeed[] = [
  {
    id: '11000000-0000-4000-8000-000000000001',
    userId: SAMPLE_ADMIN.id,
    notifications: {
      categories: {
        SECURITY: { channels: { EMAIL: true, PUSH: true }, frequency: 'immediate' },
        SYSTEM: { channels: { EMAIL: true }, frequency: 'daily' },
        MARKETING: { channels: { EMAIL: false }, frequency: 'immediate' },
      },
    },
    privacy: { profileVisibility: 'members', searchable: true, shareUsageData: false },
    display: { theme: 'dark', density: 'compact', startPage: '/admin' },
    accessibility: { reducedMotion: false, highContrast: false, fontScale: 1 },
    communication: { marketing: false, productUpdates: true, preferredChannel: 'email' },
    security: { signInAlerts: true, sessionTimeoutMinutes: 30 },
    localization: { locale: 'en', timeZone: 'UTC', dateFormat: 'yyyy-MM-dd', numberFormat: 'en' },
  },
  {
    id: '11000000-0000-4000-8000-000000000002',
    userId: SAMPLE_USER.id,
    notifications: {
      categories: {
        ACCOUNT: { channels: { EMAIL: true, IN_APP: true }, frequency: 'immediate' },
        SECURITY: { channels: { PUSH: true }, frequency: 'immediate' },
        MARKETING: { channels: { EMAIL: true }, frequency: 'weekly' },
      },
      quietHours: { start: '22:00', end: '07:00' },
    },
    privacy: { profileVisibility: 'members', searchable: true, shareUsageData: false },
    display: { theme: 'system', density: 'comfortable', startPage: '/' },
    accessibility: { reducedMotion: true, highContrast: false, fontScale: 1.1 },
    communication: { marketing: true, productUpdates: true, preferredChannel: 'email' },
    security: { signInAlerts: true, sessionTimeoutMinutes: 120 },
    localization: { locale: 'de', timeZone: 'Europe/Berlin', dateFormat: 'dd.MM.yyyy', numberFormat: 'de' },
  },
];

export interface UserRoleSeed {
  id: string;
  userId: string;
  role: string;
}

/** GLOBAL assignments (scope_id is the nil UUID by default). */
export const USER_ROLES: readonly UserRoleSeed[] = [
  { id: '21000000-0000-4000-8000-000000000001', userId: SAMPLE_ADMIN.id, role: 'super-admin' },
  { id: '21000000-0000-4000-8000-000000000002', userId: SAMPLE_USER.id, role: 'user' },
];

/** Record counts per model, for scripts that describe the seed without a database. */
export const USER_SEED_COUNTS = {
  Permission: SYSTEM_PERMISSIONS.length,
  Role: SYSTEM_ROLES.length,
  RolePermission: ROLE_PERMISSIONS.length,
  User: SAMPLE_USERS.length,
  UserPreferences: USER_PREFERENCES.length,
  UserRole: USER_ROLES.length,
} as const;
