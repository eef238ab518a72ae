import {
  DEVELOPMENT_SEALING_KEYS,
  openSealedValue,
  sealedPurpose,
  sealingPrivateKey,
  sealingPublicKey,
  sealValue,
  ServiceName,
} from '@orion/core';

type Contract = { name: string } | { pattern: string };

/**
 * Seals a value as a producer would for `recipient`, with the committed development keys the
 * services use under NODE_ENV=test: tests that play a producer send what a real one sends.
 */
export function sealForTest(
  recipient: ServiceName,
  contract: Contract,
  field: string,
  value: string,
): string {
  const key = sealingPublicKey(DEVELOPMENT_SEALING_KEYS[recipient].publicKey);
  return sealValue(recipient, key, sealedPurpose(contract, field), value);
}

/** Opens a value sealed for `recipient`, as only that service can (its development key). */
export function openSealedForTest(
  recipient: ServiceName,
  contract: Contract,
  field: string,
  sealed: string,
): string {
  const key = sealingPrivateKey(DEVELOPMENT_SEALING_KEYS[recipient].privateKey);
  return openSealedValue(recipient, key, sealedPurpose(contract, field), sealed);
}
