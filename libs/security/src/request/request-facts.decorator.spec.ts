import type { FastifyRequest } from 'fastify';
import { parseBearerHeader, requestClientOf } from './request-facts.decorator';

describe('request facts', () => {
  it('reads the bearer token, telling a missing header from a malformed one', () => {
    expect(parseBearerHeader('Bearer abc')).toBe('abc');
    expect(parseBearerHeader('  bearer   abc ')).toBe('abc');
    expect(parseBearerHeader(undefined)).toBeUndefined();
    expect(parseBearerHeader('')).toBeUndefined();
    expect(parseBearerHeader('Basic dXNlcjpwYXNz')).toBeUndefined();
    expect(parseBearerHeader('Bearer')).toBeNull();
    expect(parseBearerHeader('Bearer a b')).toBeNull();
  });

  it('gives the address and, when sent, the user agent', () => {
    const request = (headers: Record<string, string>) =>
      ({ ip: '203.0.113.7', headers }) as unknown as FastifyRequest;
    expect(requestClientOf(request({ 'user-agent': 'curl/8' }))).toEqual({
      ip: '203.0.113.7',
      userAgent: 'curl/8',
    });
    expect(requestClientOf(request({}))).toEqual({ ip: '203.0.113.7' });
  });
});
