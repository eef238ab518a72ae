import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptions } from '@nestjs/swagger';
import { IsString, MinLength, ValidateBy, ValidationOptions } from 'class-validator';
import {
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  normalizePassword,
  RECOMMENDED_PASSWORD_LENGTH,
} from './password-policy';

/** The rules every new-password field documents, written from the policy's own numbers. */
export const NEW_PASSWORD_DESCRIPTION =
  `${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters (${RECOMMENDED_PASSWORD_LENGTH} or more ` +
  'recommended), counted as Unicode code points after NFKC normalisation; any characters including ' +
  'spaces and emoji, no rules about character classes. Refused (400, with the rule broken) when too ' +
  'short or too long, among the most common or breached passwords, or containing the e-mail address.';

/**
 * A password being chosen. Only its type is validated here: the policy (assertAcceptablePassword)
 * checks the length and answers PASSWORD_TOO_SHORT / PASSWORD_TOO_LONG with the rule, the same
 * numbers as documented, so the two cannot disagree.
 */
export function NewPasswordField(options: ApiPropertyOptions = {}) {
  return applyDecorators(
    ApiProperty({
      example: 'correct horse battery staple',
      minLength: MIN_PASSWORD_LENGTH,
      maxLength: MAX_PASSWORD_LENGTH,
      ...options,
      description: [options.description, NEW_PASSWORD_DESCRIPTION].filter(Boolean).join(' '),
    } as ApiPropertyOptions),
    IsString(),
  );
}

/**
 * A password being presented (sign-in, step-up, the current one). No chosen password is longer
 * than MAX_PASSWORD_LENGTH, measured as the policy measures it: class-validator's MaxLength counts
 * UTF-16 units before normalisation, so it would refuse some valid passwords.
 */
export function PresentedPasswordField(options: ApiPropertyOptions = {}) {
  return applyDecorators(
    ApiProperty({ maxLength: MAX_PASSWORD_LENGTH, ...options } as ApiPropertyOptions),
    IsString(),
    MinLength(1),
    AtMostPasswordLength(),
  );
}

function AtMostPasswordLength(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'atMostPasswordLength',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && [...normalizePassword(value)].length <= MAX_PASSWORD_LENGTH,
        defaultMessage: (args) => `${args?.property} must be at most ${MAX_PASSWORD_LENGTH} characters`,
      },
    },
    options,
  );
}
