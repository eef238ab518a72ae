import { hash, type Algorithm, type Options } from '@node-rs/argon2';

// Algorithm is a const enum that per-file compilation cannot inline; 2 is its Argon2id member.
const ARGON2ID = 2 as Algorithm;

/**
 * Argon2id with OWASP's recommended minimum (19 MiB memory, 2 passes, 1 lane). One constant so
 * the seed and the auth service produce hashes with the same cost; verification reads the
 * parameters from the hash itself, so raising them later does not break stored hashes.
 */
export const PASSWORD_HASH_OPTIONS: Readonly<Options> = Object.freeze({
  algorithm: ARGON2ID,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
});

/** Hashes a password with a fresh random salt into a PHC string (`$argon2id$v=19$...`). */
export function hashPassword(plain: string): Promise<string> {
  return hash(plain, PASSWORD_HASH_OPTIONS);
}
