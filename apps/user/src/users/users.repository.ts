import { Injectable } from '@nestjs/common';
import type { PagePosition } from '@orion/core';
import { Prisma } from '@orion/prisma-user';
import type { Tx } from '../database/transaction.runner';
import { PrismaService } from '../database/prisma.service';
import { EmailTakenError, UsernameTakenError } from './users.errors';
import { NewUser, normalizeEmail, ProfileChanges, User, UserFilter, UserStatus } from './users.types';

type UserRow = Prisma.UserGetPayload<object>;

/** The users table: accounts and profiles. */
@Injectable()
export class UsersRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** The account, its default roles and an empty preferences row, in the caller's transaction. */
  async create(user: NewUser, tx: Tx): Promise<User> {
    const row = await uniqueOrConflict(() =>
      tx.user.create({
        data: {
          email: user.email.trim(),
          emailNormalized: normalizeEmail(user.email),
          username: user.username?.toLowerCase(),
          passwordHash: user.passwordHash,
          status: user.status,
          emailVerifiedAt: user.emailVerifiedAt,
          firstName: user.firstName,
          lastName: user.lastName,
          displayName: user.displayName,
          avatarUrl: user.avatarUrl,
          phoneNumber: user.phoneNumber,
          preferences: { create: {} },
        },
      }),
    );
    // Roles marked is_default are given to every new account (roles.is_default).
    const defaults = await tx.role.findMany({
      where: { isDefault: true, deletedAt: null },
      select: { id: true },
    });
    if (defaults.length > 0) {
      await tx.userRole.createMany({ data: defaults.map((role) => ({ userId: row.id, roleId: role.id })) });
    }
    return toUser(row);
  }

  async findById(id: string, tx?: Tx): Promise<User | null> {
    const row = await (tx ?? this.prisma).user.findUnique({ where: { id } });
    return row ? toUser(row) : null;
  }

  /** Reads the row and locks it until the transaction ends: concurrent changes to one account queue up. */
  async lock(id: string, tx: Tx): Promise<User | null> {
    await tx.$queryRaw`SELECT id FROM users WHERE id = ${id}::uuid FOR UPDATE`;
    return this.findById(id, tx);
  }

  /** The id of the account with this address (deleted or not), or null. */
  async ownerOfEmail(email: string, tx?: Tx): Promise<string | null> {
    const row = await (tx ?? this.prisma).user.findUnique({
      where: { emailNormalized: normalizeEmail(email) },
      select: { id: true },
    });
    return row?.id ?? null;
  }

  /**
   * Runs `work` inside a savepoint of the transaction, and keeps its writes or undoes them
   * (rolled back to the savepoint). Either way the same statements run, the same number of them:
   * where a write must not stay, the work still costs what it costs where it stays.
   */
  async inSavepoint(keep: boolean, work: () => Promise<unknown>, tx: Tx): Promise<void> {
    await tx.$executeRawUnsafe('SAVEPOINT same_work');
    try {
      await work();
    } catch (error) {
      await tx.$executeRawUnsafe('ROLLBACK TO SAVEPOINT same_work');
      throw error;
    }
    await tx.$executeRawUnsafe(keep ? 'RELEASE SAVEPOINT same_work' : 'ROLLBACK TO SAVEPOINT same_work');
  }

  async isEmailTaken(email: string, tx?: Tx): Promise<boolean> {
    const row = await (tx ?? this.prisma).user.findUnique({
      where: { emailNormalized: normalizeEmail(email) },
      select: { id: true },
    });
    return row !== null;
  }

  async updateProfile(id: string, changes: ProfileChanges, tx: Tx): Promise<User> {
    const data = { ...changes, username: changes.username?.toLowerCase() ?? changes.username };
    return toUser(await uniqueOrConflict(() => tx.user.update({ where: { id }, data })));
  }

  async setStatus(id: string, status: UserStatus, tx: Tx): Promise<User> {
    return toUser(await tx.user.update({ where: { id }, data: { status } }));
  }

  /** Applies a verified address; the unique index on email_normalized settles a race. */
  async setVerifiedEmail(id: string, email: string, verifiedAt: Date, tx: Tx): Promise<User> {
    return toUser(
      await uniqueOrConflict(() =>
        tx.user.update({
          where: { id },
          data: { email: email.trim(), emailNormalized: normalizeEmail(email), emailVerifiedAt: verifiedAt },
        }),
      ),
    );
  }

  /** Newest first, strictly after `after` in that order. */
  async page(filter: UserFilter, limit: number, after?: PagePosition): Promise<User[]> {
    const rows = await this.prisma.user.findMany({
      where: { AND: [where(filter), after ? olderThan(after) : {}] },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit,
    });
    return rows.map(toUser);
  }
}

function where(filter: UserFilter): Prisma.UserWhereInput {
  const contains = filter.search ? { contains: filter.search, mode: 'insensitive' as const } : undefined;
  return {
    status: filter.status,
    deletedAt: { live: null, deleted: { not: null }, all: undefined }[filter.deleted],
    createdAt:
      filter.createdFrom || filter.createdTo ? { gte: filter.createdFrom, lt: filter.createdTo } : undefined,
    OR: contains
      ? [
          { email: contains },
          { username: contains },
          { firstName: contains },
          { lastName: contains },
          { displayName: contains },
        ]
      : undefined,
  };
}

function olderThan(position: PagePosition): Prisma.UserWhereInput {
  return {
    OR: [
      { createdAt: { lt: position.createdAt } },
      { createdAt: position.createdAt, id: { lt: position.id } },
    ],
  };
}

/** Turns a unique violation into the domain error naming the field that collided. */
export async function uniqueOrConflict<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw JSON.stringify(error.meta ?? {}).includes('username')
        ? new UsernameTakenError()
        : new EmailTakenError();
    }
    throw error;
  }
}

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    username: row.username,
    status: row.status,
    firstName: row.firstName,
    lastName: row.lastName,
    displayName: row.displayName,
    avatarUrl: row.avatarUrl,
    phoneNumber: row.phoneNumber,
    emailVerifiedAt: row.emailVerifiedAt,
    lastLoginAt: row.lastLoginAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    deletedAt: row.deletedAt,
    erasedAt: row.erasedAt,
  };
}
