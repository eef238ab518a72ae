import { IsString, MaxLength, MinLength } from 'class-validator';
import { defineCommand } from '../contract';

export class VerifyApiKeyRequest {
  /** The whole key as the client sent it in X-API-Key; logs redact `apiKey`. */
  @IsString()
  @MinLength(16)
  @MaxLength(256)
  apiKey!: string;
}

/** Who an API key acts for, and what it is limited to. */
export interface ApiKeyPrincipal {
  apiKeyId: string;
  userId: string;
  name: string;
  /** What the key may use now: its scopes that its owner holds at this moment (GLOBAL). */
  scopes: string[];
  /** ISO 8601, or null when the key never expires. */
  expiresAt: string | null;
  /** ISO 8601: when `scopes` may change by themselves (an owner's grant ends or starts). */
  validUntil?: string;
}

/** Resolves an API key to its principal, or null when it is unknown, revoked or expired. */
export const VERIFY_API_KEY = defineCommand<VerifyApiKeyRequest, ApiKeyPrincipal | null>(
  'user.api-keys.verify.v1',
  VerifyApiKeyRequest,
);
