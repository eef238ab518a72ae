import { randomInt } from 'node:crypto';

/**
 * Crockford's base32: digits and capitals without I, L, O and U, so nothing read off paper is
 * ambiguous; typed I or L count as 1 and O as 0, as Crockford specifies.
 */
export const BACKUP_CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 24 symbols of 5 bits: 120 bits, above the 112 ASVS 6.5.2 asks of codes kept under a fast hash. */
export const BACKUP_CODE_LENGTH = 24;
const GROUP = 4;

/** The codes issued before the longer format: ten characters of this lower-case alphabet. */
const LEGACY_ALPHABET = /^[abcdefghjkmnpqrstuvwxyz23456789]{10}$/;

/** Bits of entropy of one generated code (each symbol drawn uniformly). */
export const backupCodeEntropyBits = (): number =>
  BACKUP_CODE_LENGTH * Math.log2(BACKUP_CODE_ALPHABET.length);

/** A fresh code, shown in groups of four: "7K3M-ZQ9H-X2P4-RT6W-C8DN-V5BA". */
export function generateBackupCode(): string {
  const symbols = Array.from(
    { length: BACKUP_CODE_LENGTH },
    () => BACKUP_CODE_ALPHABET[randomInt(BACKUP_CODE_ALPHABET.length)],
  ).join('');
  return symbols.match(new RegExp(`.{${GROUP}}`, 'g'))!.join('-');
}

/**
 * The canonical form a code is hashed in, or null when the input cannot be a code. Spaces, dashes
 * and case do not matter. A ten-character code of the earlier format keeps its earlier canonical
 * form (lower case), so sets issued before the change keep working until they are replaced.
 */
export function canonicalBackupCode(typed: string): string | null {
  const compact = typed.replace(/[\s-]/g, '');
  if (LEGACY_ALPHABET.test(compact.toLowerCase())) return compact.toLowerCase();
  const upper = compact.toUpperCase().replace(/[IL]/g, '1').replace(/O/g, '0');
  if (upper.length !== BACKUP_CODE_LENGTH) return null;
  for (const symbol of upper) if (!BACKUP_CODE_ALPHABET.includes(symbol)) return null;
  return upper;
}
