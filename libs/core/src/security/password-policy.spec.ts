import { assertAcceptablePassword, normalizePassword, WeakPasswordError } from './password-policy';

const ruleOf = (password: string, identifiers: string[] = []): string | undefined => {
  try {
    assertAcceptablePassword(normalizePassword(password), identifiers);
    return undefined;
  } catch (error) {
    return (error as WeakPasswordError).extensions.rule as string;
  }
};

describe('password policy', () => {
  it('counts code points after NFKC, not UTF-16 units', () => {
    expect(ruleOf('🦊🦊🦊🦊🦊🦊🦊')).toBe('min-length');
    expect(ruleOf('🦊 walks 🦊')).toBeUndefined();
  });

  it('allows 64 and up to 128 characters, no composition rules', () => {
    expect(ruleOf('all lower case words only, no digits at all, and that is fine ok')).toBeUndefined();
    expect(ruleOf('y'.repeat(128))).toBeUndefined();
    expect(ruleOf('y'.repeat(129))).toBe('max-length');
  });

  it('refuses common passwords whatever their case or width', () => {
    expect(ruleOf('password1')).toBe('common-password');
    expect(ruleOf('PassWord1')).toBe('common-password');
    expect(ruleOf('ｐａｓｓｗｏｒｄ１')).toBe('common-password');
  });

  it('refuses the account’s own e-mail inside the password', () => {
    expect(ruleOf('my ada.lovelace password', ['ada.lovelace@example.com'])).toBe('contains-identifier');
  });
});
