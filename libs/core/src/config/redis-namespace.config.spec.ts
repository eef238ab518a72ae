import { ConfigurationError, loadServiceConfig } from './service-config';

const valid = {
  NOTIFICATION_DATABASE_URL: 'postgresql://orion@db:5432/orion_notification',
  REDIS_URL: 'redis://:pw@redis:6379',
};

const namespaceOf = (value?: string) =>
  loadServiceConfig('notification', { ...valid, ...(value !== undefined && { REDIS_NAMESPACE: value }) })
    .redis.namespace;

const problemsOf = (value: string): string[] => {
  try {
    namespaceOf(value);
  } catch (error) {
    if (error instanceof ConfigurationError) return error.problems;
    throw error;
  }
  return [];
};

describe('REDIS_NAMESPACE', () => {
  it('is orion unless an installation chooses its own', () => {
    expect(namespaceOf()).toBe('orion');
    expect(namespaceOf('staging')).toBe('staging');
    expect(namespaceOf('tenant-2_eu')).toBe('tenant-2_eu');
    expect(namespaceOf('a'.repeat(32))).toBe('a'.repeat(32));
  });

  it.each([
    ['a separator, which would let one namespace contain another', 'orion:staging'],
    ['a glob character, which would widen ACL patterns and SCAN matches', 'orion*'],
    ['capitals', 'Orion'],
    ['a space', 'my install'],
    ['a leading dash', '-orion'],
    ['more than 32 characters', 'a'.repeat(33)],
    ['nothing', ''],
  ])('stops the service at boot naming the variable when it holds %s', (_why, value) => {
    const problems = problemsOf(value);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      value === ''
        ? /^REDIS_NAMESPACE is required but not set$/
        : /^REDIS_NAMESPACE: must be 1 to 32 lowercase/,
    );
  });
});
