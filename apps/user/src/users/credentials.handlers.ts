import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  SET_PASSWORD,
  SetPasswordRequest,
  SetPasswordResponse,
  VERIFY_CREDENTIALS,
  VerifyCredentialsRequest,
  VerifyCredentialsResponse,
} from '@orion/contracts';
import { HandleCommand, hashPassword, normalizePassword } from '@orion/core';
import { verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';
import { CredentialsRepository } from './credentials.repository';
import { CredentialsService } from './credentials.service';

/** Password checks for the auth service's sign-in, and new passwords after a reset. */
@Controller()
export class CredentialsHandlers {
  // Verified when no real hash exists, so an unknown address costs the same Argon2id work.
  private readonly dummyHash = hashPassword(randomBytes(32).toString('base64url'));

  constructor(
    private readonly credentials: CredentialsRepository,
    private readonly service: CredentialsService,
  ) {}

  @HandleCommand(VERIFY_CREDENTIALS)
  async verify(@Payload() request: VerifyCredentialsRequest): Promise<VerifyCredentialsResponse> {
    const found = await this.credentials.findByEmail(request.email);
    const usable = found && !found.deletedAt && found.passwordHash ? found.passwordHash : null;
    const matches = await verify(usable ?? (await this.dummyHash), normalizePassword(request.password)).catch(
      () => false,
    );
    const valid = usable !== null && matches;
    return {
      valid,
      userId: found?.id ?? null,
      status: found?.status ?? null,
      emailVerified: found?.emailVerifiedAt != null,
    };
  }

  /** USER_NOT_FOUND (404) for a deleted account; a password the policy refuses is a 400. */
  @HandleCommand(SET_PASSWORD)
  async setPassword(@Payload() request: SetPasswordRequest): Promise<SetPasswordResponse> {
    const changedAt = await this.service.setPassword(request.userId, request.password, request.reason, {
      keepSessionId: request.keepSessionId,
      endOtherSessions: request.endOtherSessions ?? true,
    });
    return { changedAt: changedAt.toISOString() };
  }
}
