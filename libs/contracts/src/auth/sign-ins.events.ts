import { ArrayMaxSize, ArrayMinSize, IsISO8601, IsString, IsUUID, MaxLength } from 'class-validator';
import { defineEvent } from '../contract';

/**
 * The auth service ended sign-ins (token families) of one user: sign-out, sign-out everywhere,
 * a reused refresh token, a password reset, a revoked device. The user service ends the sessions
 * it keeps for them, so a session list never shows a sign-in whose tokens no longer work.
 */
export class SignInsEndedEvent {
  @IsUUID()
  userId!: string;

  /** The families ended; each is the `authFamilyId` of one user-service session. */
  @IsUUID('all', { each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(10_000)
  authFamilyIds!: string[];

  /** e.g. signed_out, signed_out_everywhere, refresh_token_reused, password_reset. */
  @IsString()
  @MaxLength(64)
  reason!: string;

  @IsISO8601()
  occurredAt!: string;
}

export const SIGN_INS_ENDED = defineEvent<SignInsEndedEvent>('auth.sign-ins-ended.v1', SignInsEndedEvent);
