import fastifyCookie from '@fastify/cookie';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { registerCookies } from './cookies';

@Module({})
class EmptyModule {}

async function appWith(adapter = new FastifyAdapter()): Promise<NestFastifyApplication> {
  return NestFactory.create<NestFastifyApplication>(EmptyModule, adapter, { logger: false });
}

describe('registerCookies', () => {
  it('registers @fastify/cookie once however often it is called', async () => {
    const app = await appWith();
    await registerCookies(app);
    await registerCookies(app);
    app
      .getHttpAdapter()
      .getInstance()
      .get('/echo', async (request, reply) => {
        void reply.setCookie('seen', request.cookies.sent ?? 'none', { httpOnly: true });
        return 'ok';
      });
    await app.init();
    const response = await app.inject({ method: 'GET', url: '/echo', headers: { cookie: 'sent=abc' } });
    expect(response.headers['set-cookie']).toBe('seen=abc; HttpOnly; SameSite=Lax');
    await app.close();
  });

  it('does nothing when the plugin was registered on the adapter before', async () => {
    const adapter = new FastifyAdapter();
    void adapter.getInstance().register(fastifyCookie);
    const app = await appWith(adapter);
    await registerCookies(app);
    await expect(app.init()).resolves.toBe(app);
    expect(app.getHttpAdapter().getInstance().hasDecorator('parseCookie')).toBe(true);
    await app.close();
  });
});
