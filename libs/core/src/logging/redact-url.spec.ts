import { redactUrl } from './redact-url';

describe('redactUrl', () => {
  it('hides the code and state of a callback, and tokens, but keeps the rest', () => {
    expect(redactUrl('/api/v1/auth/social/google/callback?code=abc123&state=xyz&iss=https%3A%2F%2Fidp')).toBe(
      '/api/v1/auth/social/google/callback?code=[redacted]&state=[redacted]&iss=https%3A%2F%2Fidp',
    );
    expect(redactUrl('/verify?TOKEN=secret&x=1')).toBe('/verify?TOKEN=[redacted]&x=1');
    expect(redactUrl('/cb?%63ode=hidden')).toBe('/cb?%63ode=[redacted]');
    expect(redactUrl('/cb?code')).toBe('/cb?code=[redacted]');
    expect(redactUrl('/users?limit=10')).toBe('/users?limit=10');
    expect(redactUrl('/health/ready')).toBe('/health/ready');
  });
});
