import {
  BACKUP_CODE_ALPHABET,
  BACKUP_CODE_LENGTH,
  backupCodeEntropyBits,
  canonicalBackupCode,
  generateBackupCode,
} from './backup-code-format';

describe('backup code format', () => {
  it('carries at least 112 bits: alphabet size ^ length >= 2^112', () => {
    expect(new Set(BACKUP_CODE_ALPHABET).size).toBe(BACKUP_CODE_ALPHABET.length);
    expect(BigInt(BACKUP_CODE_ALPHABET.length) ** BigInt(BACKUP_CODE_LENGTH)).toBeGreaterThanOrEqual(
      2n ** 112n,
    );
    expect(backupCodeEntropyBits()).toBeGreaterThanOrEqual(112);
  });

  it('generates codes of the full length from the alphabet only, in readable groups', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 500; i += 1) {
      const code = generateBackupCode();
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){5}$/);
      expect(canonicalBackupCode(code)).toHaveLength(BACKUP_CODE_LENGTH);
      seen.add(code);
    }
    expect(seen.size).toBe(500);
    // Every symbol turns up: nothing in the alphabet is skipped by the generator.
    const symbols = new Set([...Array.from({ length: 50 }, generateBackupCode).join('').replace(/-/g, '')]);
    expect(symbols.size).toBe(BACKUP_CODE_ALPHABET.length);
  });

  it('accepts a code typed in lower case, with spaces or without dashes, and Crockford look-alikes', () => {
    const canonical = '7K3MZQ9HX2P4RT6WC8DNV5BA';
    expect(canonicalBackupCode('7K3M-ZQ9H-X2P4-RT6W-C8DN-V5BA')).toBe(canonical);
    expect(canonicalBackupCode(' 7k3m zq9h x2p4 rt6w c8dn v5ba ')).toBe(canonical);
    expect(canonicalBackupCode('7k3mzq9hx2p4rt6wc8dnv5ba')).toBe(canonical);
    expect(canonicalBackupCode('1O00-0000-0000-0000-0000-000I')).toBe('100000000000000000000001');
    expect(canonicalBackupCode('L000-0000-0000-0000-0000-0000')).toBe('100000000000000000000000');
  });

  it('refuses what cannot be a code', () => {
    expect(canonicalBackupCode('')).toBeNull();
    expect(canonicalBackupCode('7K3M-ZQ9H-X2P4-RT6W-C8DN-V5B')).toBeNull();
    expect(canonicalBackupCode('7K3M-ZQ9H-X2P4-RT6W-C8DN-V5BU')).toBeNull();
    expect(canonicalBackupCode('7K3M-ZQ9H-X2P4-RT6W-C8DN-V5B!')).toBeNull();
  });

  it('keeps codes of the earlier ten-character format in their earlier canonical form', () => {
    expect(canonicalBackupCode('K3MZQ-7hx2p')).toBe('k3mzq7hx2p');
    expect(canonicalBackupCode('k3mzq 7hx2p')).toBe('k3mzq7hx2p');
  });
});
