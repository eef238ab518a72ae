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
import { FieldSealer, HandleCommand, sealedPurpose } from '@orion/core';
import { CredentialsService } from './credentials.service';

/** Password checks for the auth service's sign-in, and new passwords after a reset. */
@Controller()
export class CredentialsHandlers {
  constructor(
    private readonly credentials: CredentialsService,
    private readonly sealer: FieldSealer,
  ) {}

  @HandleCommand(VERIFY_CREDENTIALS)
  async verify(@Payload() request: VerifyCredentialsRequest): Promise<VerifyCredentialsResponse> {
    // Sealed for this service by auth: it is in clear only here, never on Redis.
    const password = this.sealer.open(sealedPurpose(VERIFY_CREDENTIALS, 'password'), request.password);
    return this.credentials.verify(request.email, password);
  }

  /** USER_NOT_FOUND (404) for a deleted account; a password the policy refuses is a 400. */
  @HandleCommand(SET_PASSWORD)
  async setPassword(@Payload() request: SetPasswordRequest): Promise<SetPasswordResponse> {
    const password = this.sealer.open(sealedPurpose(SET_PASSWORD, 'password'), request.password);
    const changedAt = await this.credentials.setPassword(request.userId, password, request.reason, {
      keepSessionId: request.keepSessionId,
      endOtherSessions: request.endOtherSessions ?? true,
    });
    return { changedAt: changedAt.toISOString() };
  }
}
