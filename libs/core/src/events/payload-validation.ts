import { ClassConstructor, plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { EventContract } from '@orion/contracts';
import { InvalidField, RequestValidationError } from '../errors/validation-error';

export type ValidatedPayload<T> = { ok: true; payload: T } | { ok: false; errors: InvalidField[] };

/** The same rules as the global ValidationPipe: only declared fields, each one valid. */
export function validateEventPayload<T>(contract: EventContract<T>, plain: unknown): ValidatedPayload<T> {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    return { ok: false, errors: [{ field: '', messages: ['the payload must be an object'] }] };
  }
  // Payload classes take no constructor arguments; the contract's type only says so loosely.
  const payloadClass = contract.payload as unknown as ClassConstructor<T>;
  const payload = plainToInstance(payloadClass, plain) as T & object;
  const errors = validateSync(payload, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0)
    return { ok: false, errors: RequestValidationError.fromClassValidator(errors).errors };
  return { ok: true, payload };
}

/** Field names only: values may be personal data and stay out of logs. */
export function describeInvalidFields(errors: InvalidField[]): string {
  return errors.map((error) => error.field || '(payload)').join(', ');
}
