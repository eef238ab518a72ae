import { IsIP, IsISO8601, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { defineCommand, defineEvent } from '../contract';

/** Auth reports a sign-in: one session per refresh-token family. */
export class RecordSessionRequest {
  @IsUUID()
  userId!: string;

  /** The refresh-token family of the sign-in; recording it twice returns the same session. */
  @IsUUID()
  authFamilyId!: string;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  deviceName?: string;

  @IsOptional()
  @IsIP()
  ipAddress?: string;

  @IsOptional()
  @IsString()
  @MaxLength(1000)
  userAgent?: string;

  /** When the family's refresh tokens stop working, ISO 8601. */
  @IsISO8601()
  expiresAt!: string;
}

export interface RecordedSession {
  /** What auth may put in the access token's `sid` claim. */
  sessionId: string;
}

/** Auth reports activity on a session (a refresh); the answer says whether it may go on. */
export class TouchSessionRequest {
  @IsUUID()
  authFamilyId!: string;

  @IsOptional()
  @IsIP()
  ipAddress?: string;

  /** The family's new expiry, when the refresh extended it. */
  @IsOptional()
  @IsISO8601()
  expiresAt?: string;
}

export interface TouchedSession {
  /** False when the session was ended (by its user or an administrator) or is unknown. */
  active: boolean;
  /** Whether the account's address is proven now: the refreshed access token says so. */
  emailVerified?: boolean;
}

/** A user or an administrator ended a session: auth revokes the family's tokens. */
export class UserSessionEndedEvent {
  @IsUUID()
  sessionId!: string;

  @IsUUID()
  userId!: string;

  @IsUUID()
  authFamilyId!: string;

  /** e.g. ended_by_user, revoked_by_admin. */
  @IsString()
  @MaxLength(64)
  reason!: string;

  @IsISO8601()
  occurredAt!: string;
}

/** Idempotent by authFamilyId, so auth may retry it. */
export const RECORD_SESSION = defineCommand<RecordSessionRequest, RecordedSession>(
  'user.sessions.record.v1',
  RecordSessionRequest,
);

/** Idempotent: it only moves last activity forward. */
export const TOUCH_SESSION = defineCommand<TouchSessionRequest, TouchedSession>(
  'user.sessions.touch.v1',
  TouchSessionRequest,
);

export const USER_SESSION_ENDED = defineEvent<UserSessionEndedEvent>(
  'user.session-ended.v1',
  UserSessionEndedEvent,
);
