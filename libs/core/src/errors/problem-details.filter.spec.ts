import { Body, ConflictException, Controller, Get, HttpStatus, Post } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { IsEmail, IsInt, Min } from 'class-validator';
import { createHttpAdapter } from '../bootstrap/run-service';
import { HTTP_PIPELINE_PROVIDERS } from '../http/http-pipeline.providers';
import { DomainError } from './domain-error';

class TokenReusedError extends DomainError {
  readonly code = 'REFRESH_TOKEN_REUSED';
  readonly status = HttpStatus.UNAUTHORIZED;
  constructor() {
    super('This refresh token was already used; its family has been revoked.');
    this.extensions.familyRevoked = true;
  }
}

class CreateThingDto {
  @IsEmail()
  email!: string;

  @IsInt()
  @Min(1)
  quantity!: number;
}

@Controller('things')
class ThingsController {
  @Get('reused')
  reused(): never {
    throw new TokenReusedError();
  }

  @Get('conflict')
  conflict(): never {
    throw new ConflictException('A thing with this name exists.');
  }

  @Get('crash')
  crash(): never {
    throw new Error('connection to postgres://admin:s3cret@db failed');
  }

  @Get('saturated')
  saturated(): never {
    // What Prisma throws when no pooled connection frees up in time.
    throw Object.assign(
      new Error('Transaction API error: Unable to start a transaction in the given time.'),
      {
        code: 'P2028',
      },
    );
  }

  @Post()
  create(@Body() body: CreateThingDto) {
    return body;
  }
}

describe('problem details over HTTP', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      controllers: [ThingsController],
      providers: HTTP_PIPELINE_PROVIDERS,
    }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(createHttpAdapter(), { logger: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(() => app.close());

  const call = (method: 'GET' | 'POST', url: string, payload?: object) =>
    app.inject({ method, url, payload, headers: { 'x-request-id': 'req-1' } });

  it('renders a domain error with its stable code, status and extensions', async () => {
    const response = await call('GET', '/things/reused');
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toEqual({
      type: 'https://orion.dev/problems/refresh-token-reused',
      title: 'Unauthorized',
      status: 401,
      detail: 'This refresh token was already used; its family has been revoked.',
      code: 'REFRESH_TOKEN_REUSED',
      familyRevoked: true,
      instance: '/things/reused',
      requestId: 'req-1',
    });
  });

  it('renders Nest HTTP exceptions with their status and message', async () => {
    const response = await call('GET', '/things/conflict');
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'CONFLICT', detail: 'A thing with this name exists.' });
  });

  it('lists every invalid field and refuses unknown ones', async () => {
    const response = await call('POST', '/things', { email: 'nope', quantity: 0, role: 'admin' });
    expect(response.statusCode).toBe(400);
    const problem = response.json();
    expect(problem.code).toBe('VALIDATION_FAILED');
    expect(problem.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'email',
      'quantity',
      'role',
    ]);
  });

  it('accepts a valid body and converts its types', async () => {
    const response = await call('POST', '/things', { email: 'a@example.com', quantity: 2 });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({ email: 'a@example.com', quantity: 2 });
  });

  it('hides the message of an unexpected error behind a generic 500', async () => {
    const response = await call('GET', '/things/crash');
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('s3cret');
    expect(response.json()).toMatchObject({ code: 'INTERNAL_ERROR', requestId: 'req-1' });
  });

  it('answers an exhausted connection pool with 503 and Retry-After, not a 500', async () => {
    const response = await call('GET', '/things/saturated');
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('1');
    expect(response.json()).toMatchObject({ code: 'DATABASE_BUSY', status: 503, retryAfter: 1 });
  });
});
