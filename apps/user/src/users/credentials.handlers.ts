import { Controller, Injectable } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { VERIFY_CREDENTIALS, VerifyCredentialsRequest, VerifyCredentialsResponse } from '@orion/contracts';
import { HandleCommand, hashPassword, normalizePassword } from '@orion/core';
import { verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';
import { PrismaService } from '../database/prisma.service';
import { normalizeEmail, UserStatus } from './user.types';

interface StoredCredentials {
  id: string;
  status: UserStatus;
  passwordHash: string | null;
  deletedAt: Date | null;
}

/** Reads the one row sign-in needs; the hash never leaves this file. */
@Injectable()
export class CredentialsRepository {
  constructor(private readonly prisma: PrismaService) {}

  findByEmail(email: string): Promise<StoredCredentials | null> {
    return this.prisma.user.findUnique({
      where: { emailNormalized: normalizeEmail(email) },
      select: { id: true, status: true, passwordHash: true, deletedAt: true },
    });
  }
}

/** Password checks for the auth service's sign-in. */
@Controller()
export class CredentialsHandlers {
  private readonly credentials: CredentialsRepository;
  // Verified when no real hash exists, so an unknown address costs the same Argon2id work.
  private readonly dummyHash = hashPassword(randomBytes(32).toString('base64url'));

  constructor(prisma: PrismaService) {
    this.credentials = new CredentialsRepository(prisma);
  }

  @HandleCommand(VERIFY_CREDENTIALS)
  async verify(@Payload() request: VerifyCredentialsRequest): Promise<VerifyCredentialsResponse> {
    const found = await this.credentials.findByEmail(request.email);
    const usable = found && !found.deletedAt && found.passwordHash ? found.passwordHash : null;
    const matches = await verify(usable ?? (await this.dummyHash), normalizePassword(request.password)).catch(
      () => false,
    );
    const valid = usable !== null && matches;
    return { valid, userId: found?.id ?? null, status: found?.status ?? null };
  }
}
