import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
  Min,
} from 'class-validator';
import { defineEvent } from '../contract';

/** Where and on what a sign-in happened, as the owner should see it in an alert. */
class SignInContext {
  @IsUUID()
  userId!: string;

  @IsEmail()
  email!: string;

  @IsString()
  @MaxLength(45)
  ip!: string;

  /** ISO 3166-1 alpha-2, when the address could be located. */
  @IsOptional()
  @Length(2, 2)
  country?: string;

  @IsISO8601()
  occurredAt!: string;
}

/** Someone signed in to the account from a device it had not seen before. */
export class NewDeviceSignedInEvent extends SignInContext {
  @IsUUID()
  deviceId!: string;

  @IsString()
  @MaxLength(100)
  deviceName!: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  os?: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  browser?: string;
}

/** A sign-in with the right password was refused because it looked too risky. */
export class SignInBlockedEvent extends SignInContext {
  @IsInt()
  @Min(0)
  riskScore!: number;

  /** e.g. new_device, new_country, impossible_travel, recent_failures */
  @IsArray()
  @ArrayMaxSize(16)
  @IsString({ each: true })
  @MaxLength(32, { each: true })
  reasons!: string[];
}

/** Too many failed sign-ins: the account is locked for devices it does not trust. */
export class AccountLockedEvent {
  @IsUUID()
  userId!: string;

  @IsInt()
  @Min(1)
  consecutiveFailures!: number;

  /** Null: locked until the owner resets the password or an administrator unlocks it. */
  @IsOptional()
  @IsISO8601()
  lockedUntil?: string;

  @IsISO8601()
  occurredAt!: string;
}

/** Wrong second-factor answers kept coming after a correct password: someone may know it. */
export class SecondFactorFailuresEvent {
  @IsUUID()
  userId!: string;

  /** Wrong answers since the account's last completed sign-in. */
  @IsInt()
  @Min(1)
  failures!: number;

  @IsString()
  @MaxLength(45)
  ip!: string;

  @IsISO8601()
  occurredAt!: string;
}

export const NEW_DEVICE_SIGNED_IN = defineEvent<NewDeviceSignedInEvent>(
  'auth.new-device-signed-in.v1',
  NewDeviceSignedInEvent,
);
export const SIGN_IN_BLOCKED = defineEvent<SignInBlockedEvent>('auth.sign-in-blocked.v1', SignInBlockedEvent);
export const ACCOUNT_LOCKED = defineEvent<AccountLockedEvent>('auth.account-locked.v1', AccountLockedEvent);
export const SECOND_FACTOR_FAILURES = defineEvent<SecondFactorFailuresEvent>(
  'auth.second-factor-failures.v1',
  SecondFactorFailuresEvent,
);
