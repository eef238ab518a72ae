import { Injectable } from '@nestjs/common';
import { USER_REGISTERED } from '@orion/contracts';
import {
  assertAcceptablePassword,
  Clock,
  EventPublisher,
  hashPassword,
  NEWEST_FIRST_CURSOR,
  normalizePassword,
  Page,
  toPage,
} from '@orion/core';
import { PermissionDeniedError, Principal } from '@orion/security';
import { AccessService } from '../access/access.service';
import { GrantLimitsService } from '../access/grant-limits.service';
import { AuditAction } from '../audit/audit-action';
import type { Tx } from '../database/transaction.runner';
import { AuditService } from '../audit/audit.service';
import { EmailVerificationService } from '../email-verification/email-verification.service';
import { EmailTakenError, UserDeletedError, UserErasedError, UserNotFoundError } from './users.errors';
import { UsersRepository } from './users.repository';
import { ProfileChanges, User, UserFilter } from './users.types';
import { TransactionRunner } from '../database/transaction.runner';

export interface UserRegistration extends ProfileChanges {
  email: string;
  /** Plain text, hashed here with Argon2id; never stored or logged as such. */
  password?: string;
  /** The address is already proven (an identity provider vouched for it): ACTIVE, no e-mail sent. */
  emailVerified?: boolean;
}

/** Accounts and profiles: creation, reading, listing and profile edits. */
@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly verification: EmailVerificationService,
    private readonly events: EventPublisher,
    private readonly audit: AuditService,
    private readonly access: AccessService,
    private readonly limits: GrantLimitsService,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  /**
   * Creates an account waiting for its address to be verified, announces it and sends the
   * verification e-mail, all in one transaction. `source` tells sign-up from an administrator
   * and from a first sign-in through an identity provider.
   */
  async create(
    registration: UserRegistration,
    actor: Principal | null,
    source: 'sign-up' | 'admin' | 'social',
  ): Promise<User> {
    const { password, email, username } = registration;
    const passwordHash = password ? await this.hashAcceptable(password, [email, username]) : undefined;
    return this.transactions.run(async (tx) => {
      // A friendly answer in the common case; the unique index settles races with the same error.
      if (await this.users.isEmailTaken(email, tx)) throw new EmailTakenError();
      return this.insert(registration, passwordHash, actor, source, tx);
    });
  }

  /**
   * The account row, its announcement, the verification e-mail and the audit record, in the
   * caller's transaction; `passwordHash` is already computed (Argon2id, the policy applied).
   */
  async insert(
    registration: UserRegistration,
    passwordHash: string | undefined,
    actor: Principal | null,
    source: 'sign-up' | 'admin' | 'social',
    tx: Tx,
  ): Promise<User> {
    const { password: _password, email, username, emailVerified, ...profile } = registration;
    const verifiedAt = emailVerified ? this.clock.now() : undefined;
    const user = await this.users.create(
      {
        ...profile,
        email,
        username: username ?? undefined,
        passwordHash,
        status: verifiedAt ? 'ACTIVE' : 'PENDING_VERIFICATION',
        emailVerifiedAt: verifiedAt,
      },
      tx,
    );
    await this.events.publish(tx, USER_REGISTERED, {
      userId: user.id,
      email: user.email,
      ...(user.displayName && { displayName: user.displayName }),
      emailVerified: Boolean(verifiedAt),
      occurredAt: user.createdAt.toISOString(),
    });
    if (!verifiedAt) await this.verification.issue(user, user.email, actor, { deliver: true }, tx);
    await this.audit.record({
      action: AuditAction.CREATE,
      resourceType: 'user',
      resourceId: user.id,
      actor,
      // At sign-up the new user is the actor.
      ...(actor === null && { actorId: user.id }),
      after: { status: user.status, ...(verifiedAt && { emailVerified: true }) },
      metadata: { source },
      tx,
    });
    return user;
  }

  /** The same rules as sign-up, whoever sets the password (NFKC, so sign-in compares alike). */
  hashAcceptable(password: string, identifiers: (string | null | undefined)[]): Promise<string> {
    const normalized = normalizePassword(password);
    assertAcceptablePassword(
      normalized,
      identifiers.filter((word): word is string => Boolean(word)),
    );
    return hashPassword(normalized);
  }

  /** The caller's own account; a deleted or erased one (deletedAt set either way) is gone for its owner. */
  async me(userId: string): Promise<User> {
    const user = await this.users.findById(userId);
    if (!user || user.deletedAt) throw new UserNotFoundError();
    return user;
  }

  /** A deleted or erased account (erasure sets deletedAt too) is visible with users:delete only. */
  async get(id: string, caller: Principal): Promise<User> {
    const user = await this.users.findById(id);
    if (!user) throw new UserNotFoundError();
    if (user.deletedAt && !(await this.limits.holds(caller, 'users:delete', 'GLOBAL'))) {
      throw new UserNotFoundError();
    }
    return user;
  }

  /** Deleted and erased accounts need users:delete. */
  async list(filter: UserFilter, caller: Principal, limit: number, cursor?: string): Promise<Page<User>> {
    if (filter.deleted !== 'live' && !(await this.limits.holds(caller, 'users:delete', 'GLOBAL'))) {
      throw new PermissionDeniedError('users:delete', 'GLOBAL');
    }
    // One extra row says whether another page follows.
    const rows = await this.users.page(filter, limit + 1, NEWEST_FIRST_CURSOR.decode(cursor));
    return toPage(rows, limit, NEWEST_FIRST_CURSOR.encode);
  }

  /** The owner's edit (`self`) hides deleted accounts; an administrator is told why it refuses. */
  async updateProfile(id: string, changes: ProfileChanges, actor: Principal, self: boolean): Promise<User> {
    if (!self) await this.access.assertMayAdminister(actor, id);
    return this.transactions.run(async (tx) => {
      const user = await this.users.lock(id, tx);
      if (!user || (self && user.deletedAt)) throw new UserNotFoundError();
      if (user.erasedAt) throw new UserErasedError();
      if (user.deletedAt) throw new UserDeletedError();
      const fields = Object.keys(changes).filter(
        (field) => changes[field as keyof ProfileChanges] !== undefined,
      );
      if (fields.length === 0) return user;
      const updated = await this.users.updateProfile(id, changes, tx);
      // Field names only: personal data in the append-only log could never be erased.
      await this.audit.record({
        action: AuditAction.UPDATE,
        resourceType: 'user',
        resourceId: id,
        actor,
        metadata: { fields, self },
        tx,
      });
      return updated;
    });
  }
}
