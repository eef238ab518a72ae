import { requestClientOf } from '@orion/security';
import type { FastifyRequest } from 'fastify';
import { InvalidDeviceIdError } from '../authentication/authentication.errors';
import { DEVICE_ID_FORMAT } from '../authentication/dto/sign-in.dto';
import type { SignInClient } from '../sign-in/sign-in.types';
import { deviceTokenOf } from './device-token';

/**
 * The client of a sign-in, whichever route it takes (password, social, link changes): address and
 * user agent as `@Client()` reads them, the device id it sent (the validated body's first, then
 * X-Device-Id) and the device token that makes a trusted device trusted here too.
 */
export function signInClientOf(request: FastifyRequest, body: { deviceId?: string } = {}): SignInClient {
  const header = request.headers['x-device-id'];
  const fromHeader = Array.isArray(header) ? header[0] : header;
  if (fromHeader !== undefined && !DEVICE_ID_FORMAT.test(fromHeader)) throw new InvalidDeviceIdError();
  const deviceId = body.deviceId ?? fromHeader;
  const deviceToken = deviceTokenOf(request);
  return { ...requestClientOf(request), ...(deviceId && { deviceId }), ...(deviceToken && { deviceToken }) };
}
