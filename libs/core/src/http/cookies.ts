import fastifyCookie from '@fastify/cookie';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ServiceName } from '../config/service-config';

/**
 * The paths under which each service sets cookies (their Path attribute): the auth service's
 * trusted-device cookie and its social sign-in flow cookie. CORS lets browsers send credentials
 * there and nowhere else.
 */
export const COOKIE_PATHS: Record<ServiceName, readonly string[]> = {
  auth: ['/api/v1/auth'],
  user: [],
  notification: [],
};

const registered = new WeakSet<object>();

/**
 * Registers @fastify/cookie (request.cookies, reply.setCookie) on the app once. Every caller may
 * call it: a second registration would fail on the plugin's decorators, so later calls do nothing.
 */
export async function registerCookies(app: NestFastifyApplication): Promise<void> {
  const instance = app.getHttpAdapter().getInstance();
  if (registered.has(instance)) return;
  registered.add(instance);
  // Loads what was registered before (the plugin may be among it), then looks for its decorator.
  await instance.after();
  if (instance.hasDecorator('parseCookie')) return;
  await app.register(fastifyCookie);
}
