export type RoleType = 'SYSTEM' | 'CUSTOM';

export interface Role {
  id: string;
  slug: string;
  name: string;
  description: string | null;
  type: RoleType;
  parentId: string | null;
  priority: number;
  isDefault: boolean;
  /** The role's own permissions ("resource:action"), without inherited ones. */
  permissions: string[];
  createdAt: Date;
  updatedAt: Date;
}

/** A permission a role holds, and the role in its chain that carries it. */
export interface EffectiveRolePermission {
  permission: string;
  fromRole: string;
  inherited: boolean;
}

export interface RoleDetail extends Role {
  /** Slugs from the parent up to the root. */
  ancestors: string[];
  effectivePermissions: EffectiveRolePermission[];
}

export interface NewRole {
  slug: string;
  name: string;
  description?: string | null;
  parentId?: string | null;
  priority?: number;
  /** Makes it the role every new account receives, in place of the current one. */
  isDefault?: boolean;
}

export type RoleChanges = Partial<Pick<Role, 'name' | 'description' | 'parentId' | 'priority' | 'isDefault'>>;
