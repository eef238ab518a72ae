import { Matches, MaxLength } from 'class-validator';

/** Services that can receive a sealed value: each holds its own private sealing key. */
export type SealedRecipient = 'auth' | 'user' | 'notification';

// Sealed values of secrets up to a few kilobytes (a 2 KB link), base64url with a short header.
const SEALED_MAX_LENGTH = 4096;

/**
 * A secret sealed for one service (`sealed:v1:<recipient>:...`, see FieldSealer in @orion/core):
 * Redis, outboxes and streams carry only this form; the recipient opens it at its edge and
 * checks the clear value there.
 */
export function IsSealedFor(recipient: SealedRecipient): PropertyDecorator {
  const matches = Matches(new RegExp(`^sealed:v1:${recipient}:[A-Za-z0-9_-]+$`), {
    message: ({ property }) => `${property} must be a value sealed for the ${recipient} service`,
  });
  const max = MaxLength(SEALED_MAX_LENGTH);
  return (target, key) => {
    matches(target, key);
    max(target, key);
  };
}
