import { IsIn, IsInt, IsISO8601, IsOptional, IsUUID, Min } from 'class-validator';
import { defineEvent } from '../contract';
import { OptionalClientIp, OptionalClientUserAgent } from './client-context';

export const TWO_FACTOR_METHODS = ['totp', 'sms', 'email', 'webauthn', 'backup_code'] as const;
export type TwoFactorMethodName = (typeof TWO_FACTOR_METHODS)[number];

export const TWO_FACTOR_CHANGES = [
  'enabled',
  'disabled',
  'backup_codes_regenerated',
  'backup_code_used',
] as const;
export type TwoFactorChange = (typeof TWO_FACTOR_CHANGES)[number];

/**
 * A second factor was added or removed, backup codes were regenerated or one was used. The
 * owner is told (a change they did not make means the account is in someone else's hands);
 * `methods` is the full set enabled afterwards, so a read model can simply replace its copy.
 */
export class TwoFactorChangedEvent {
  @IsUUID()
  userId!: string;

  @IsIn(TWO_FACTOR_CHANGES)
  change!: TwoFactorChange;

  @IsIn(TWO_FACTOR_METHODS)
  method!: TwoFactorMethodName;

  /** Every method enabled after the change, e.g. ['totp', 'backup_code']. */
  @IsIn(TWO_FACTOR_METHODS, { each: true })
  methods!: TwoFactorMethodName[];

  /** Unused backup codes left after the change (a read model can replace its count). */
  @IsOptional()
  @IsInt()
  @Min(0)
  backupCodesLeft?: number;

  @OptionalClientIp()
  ip?: string;

  @OptionalClientUserAgent()
  userAgent?: string;

  @IsISO8601()
  occurredAt!: string;
}

export const TWO_FACTOR_CHANGED = defineEvent<TwoFactorChangedEvent>(
  'auth.two-factor-changed.v1',
  TwoFactorChangedEvent,
);
