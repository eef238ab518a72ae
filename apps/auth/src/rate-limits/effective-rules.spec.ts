import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_RATE_LIMITS } from './rate-limit-defaults';
import { effectiveRules } from './rate-limits.service';
import { SERVICE_RATE_LIMITS } from './rate-limit.types';

const row = (key: string, changes: Partial<Parameters<typeof effectiveRules>[0][number]> = {}) => ({
  key,
  scope: 'ip' as const,
  limit: 1,
  windowSeconds: 2,
  blockDurationSeconds: 3,
  enabled: true,
  ...changes,
});

describe('effectiveRules', () => {
  it('limits with the code defaults when the table is empty', () => {
    const rules = effectiveRules([]);
    expect(rules.get('sign-in:ip')).toEqual({
      key: 'sign-in:ip',
      scope: 'ip',
      limit: 50,
      windowSeconds: 900,
      blockDurationSeconds: 900,
    });
    for (const key of Object.values(SERVICE_RATE_LIMITS)) expect(rules.get(key)).toBeTruthy();
    expect(rules.size).toBe(DEFAULT_RATE_LIMITS.length);
  });

  it('takes a row’s numbers but keeps the code’s scope, and a disabled row turns the rule off', () => {
    const rules = effectiveRules([
      row('sign-in:identifier', { scope: 'ip', limit: 7 }),
      row('sign-up:ip', { enabled: false }),
    ]);
    expect(rules.get('sign-in:identifier')).toMatchObject({
      scope: 'identifier',
      limit: 7,
      windowSeconds: 2,
    });
    expect(rules.get('sign-up:ip')).toBeNull();
  });

  it('adds a rule only the table defines, unless its scope is unknown', () => {
    const rules = effectiveRules([row('custom:ip'), row('custom:odd', { scope: 'planet' as never })]);
    expect(rules.get('custom:ip')).toMatchObject({ scope: 'ip', limit: 1 });
    expect(rules.has('custom:odd')).toBe(false);
  });
});

describe('DEFAULT_RATE_LIMITS', () => {
  it('defines every rule a route or service names, once', () => {
    const root = join(__dirname, '..');
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter(
      (file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'),
    );
    const named = new Set<string>(Object.values(SERVICE_RATE_LIMITS));
    for (const file of files) {
      const source = readFileSync(join(root, file), 'utf8');
      for (const [, args] of source.matchAll(/@RateLimited\(([^)]*)\)/g))
        for (const [, key] of args.matchAll(/'([^']+)'/g)) named.add(key);
      for (const [, key] of source.matchAll(/\.(?:consume|release|forgive)\(\s*'([^']+)'/g)) named.add(key);
    }
    const keys = DEFAULT_RATE_LIMITS.map((rule) => rule.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(named.size).toBeGreaterThan(5);
    for (const key of named) expect(keys).toContain(key);
  });
});
