import type { UserStatus } from '@orion/contracts';

export type { UserStatus } from '@orion/contracts';

/** A user as this service's rules see it: never the password hash. */
export interface User {
  id: string;
  email: string;
  username: string | null;
  status: UserStatus;
  firstName: string | null;
  lastName: string | null;
  displayName: string | null;
  avatarUrl: string | null;
  phoneNumber: string | null;
  emailVerifiedAt: Date | null;
  lastLoginAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  /** Set by a soft delete, and by an erasure. */
  deletedAt: Date | null;
  /** Set by an erasure (which also sets deletedAt and DEACTIVATED); final. */
  erasedAt: Date | null;
}

/** The fields a user may change about themselves; nothing that grants, verifies or identifies. */
export interface ProfileChanges {
  username?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  displayName?: string | null;
  avatarUrl?: string | null;
  phoneNumber?: string | null;
}

export interface NewUser extends Omit<ProfileChanges, 'username'> {
  email: string;
  username?: string;
  /** Argon2id PHC string; absent for accounts that sign in another way. */
  passwordHash?: string;
  status: UserStatus;
  /** Set when the address is known to be the user's at creation. */
  emailVerifiedAt?: Date;
}

export interface UserFilter {
  status?: UserStatus;
  /** Case-insensitive substring of email, username, names or display name. */
  search?: string;
  createdFrom?: Date;
  createdTo?: Date;
  /** live (default), deleted (soft-deleted or erased only) or all. */
  deleted: 'live' | 'deleted' | 'all';
}

/** Statuses in which an account may not be used: reaching one ends its sessions and tokens. */
export const DISABLED_STATUSES: readonly UserStatus[] = ['SUSPENDED', 'LOCKED', 'DEACTIVATED'];

export const normalizeEmail = (email: string): string => email.trim().toLowerCase();
