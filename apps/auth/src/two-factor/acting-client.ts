import type { FastifyRequest } from 'fastify';
import { ActingClient } from './two-factor.types';

/** The caller's address and user agent, kept with the security events a change records. */
export function actingClientOf(request: FastifyRequest): ActingClient {
  const userAgent = request.headers['user-agent'];
  return { ip: request.ip, ...(userAgent && { userAgent }) };
}
