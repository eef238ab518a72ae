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
import { FieldSealer, HandleCommand, hashPassword, normalizePassword, sealedPurpose } from '@orion/core';
import { verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';
import { CredentialsRepository } from './credentials.repository';
import { CredentialsService } from './credentials.service';

// What sign-in accepted in clear before passwords were sealed; longer ones never match.
const MAX_SIGN_IN_PASSWORD_LENGTH = 1024;

/** Password checks for the auth service's sign-in, and new passwords after a reset. */
@Controller()
export class CredentialsHandlers {
  // Verified when no real hash exists, so an unknown address costs the same Argon2id work.
  private readonly dummyHash = hashPassword(randomBytes(32).toString('base64url'));

  constructor(
    private readonly credentials: CredentialsRepository,
    private readonly service: CredentialsService,
    private readonly sealer: FieldSealer,
  ) {}

  @HandleCommand(VERIFY_CREDENTIALS)
  async verify(@Payload() request: VerifyCredentialsRequest): Promise<VerifyCredentialsResponse> {
    const found = await this.credentials.findByEmail(request.email);
    const usable = found && !found.deletedAt && found.passwordHash ? found.passwordHash : null;
    // Sealed for this service by auth: it is in clear only here, never on Redis.
    const password = this.sealer.open(sealedPurpose(VERIFY_CREDENTIALS, 'password'), request.password);
    const acceptable = password.length > 0 && password.length <= MAX_SIGN_IN_PASSWORD_LENGTH;
    const candidate = acceptable ? normalizePassword(password) : randomBytes(16).toString('hex');
    const matches = await verify(usable ?? (await this.dummyHash), candidate).catch(() => false);
    const valid = usable !== null && acceptable && matches;
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
    const password = this.sealer.open(sealedPurpose(SET_PASSWORD, 'password'), request.password);
    const changedAt = await this.service.setPassword(request.userId, password, request.reason, {
      keepSessionId: request.keepSessionId,
      endOtherSessions: request.endOtherSessions ?? true,
    });
    return { changedAt: changedAt.toISOString() };
  }
}
