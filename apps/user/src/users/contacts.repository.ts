import { Injectable } from '@nestjs/common';
import type { UserContacts } from '@orion/contracts';
import { PrismaService } from '../database/prisma.service';

/** Reads the address book entry of one user: the account row and its localization preferences. */
@Injectable()
export class ContactsRepository {
  constructor(private readonly prisma: PrismaService) {}

  async find(userId: string): Promise<UserContacts | null> {
    const user = await this.prisma.user.findUnique({
      where: { id: userId },
      select: {
        id: true,
        email: true,
        emailVerifiedAt: true,
        phoneNumber: true,
        status: true,
        deletedAt: true,
        erasedAt: true,
        preferences: { select: { localization: true } },
      },
    });
    if (!user) return null;
    const localization = (user.preferences?.localization ?? {}) as { locale?: unknown; timeZone?: unknown };
    const gone = user.deletedAt !== null || user.erasedAt !== null;
    return {
      userId: user.id,
      email: user.erasedAt ? null : user.email,
      emailVerified: user.emailVerifiedAt !== null,
      phone: user.erasedAt ? null : user.phoneNumber,
      locale: typeof localization.locale === 'string' ? localization.locale : null,
      timezone: typeof localization.timeZone === 'string' ? localization.timeZone : null,
      status: user.status,
      deleted: gone,
    };
  }
}
