import { Controller, Get, SetMetadata } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { Test } from '@nestjs/testing';
import { declareRouteSecurity } from '../bootstrap/openapi-security';
import { createHttpAdapter } from '../bootstrap/run-service';
import { ApiPermissionRequired, ApiProblem } from './openapi-problem';
import { ROUTE_AUTHENTICATION } from './route-authentication';

@Controller('things')
class ThingsController {
  @Get()
  @ApiPermissionRequired('things:read')
  @ApiProblem(403, 'THING_LOCKED', 'The thing is locked')
  @ApiProblem(409, 'THING_EXISTS', 'The thing exists')
  @ApiProblem(409, 'THING_MOVED', 'The thing moved')
  list() {
    return [];
  }

  @Get('shared')
  @SetMetadata(ROUTE_AUTHENTICATION, 'bearer-or-api-key')
  @ApiProblem(401, 'THING_SEALED', 'The thing is sealed')
  shared() {
    return [];
  }

  @Get('for-services')
  @SetMetadata(ROUTE_AUTHENTICATION, 'api-key')
  forServices() {
    return [];
  }
}

describe('problem documentation', () => {
  let app: NestFastifyApplication;
  let document: OpenAPIObject;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ controllers: [ThingsController] }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(createHttpAdapter(), { logger: false });
    await app.init();
    // Twice, as a process that serves /docs-json and writes the files would.
    declareRouteSecurity(app);
    declareRouteSecurity(app);
    document = SwaggerModule.createDocument(app, new DocumentBuilder().build());
  });

  afterAll(() => app.close());

  const responses = (path = '/things') => document.paths[path]?.get?.responses as Record<string, any>;
  const unauthorized = (path: string) =>
    Object.keys(responses(path)['401'].content['application/problem+json'].examples);

  it('keeps every code of a status, each an example shaped like the filter output', () => {
    const conflict = responses()['409'].content['application/problem+json'];
    expect(Object.keys(conflict.examples).sort()).toEqual(['THING_EXISTS', 'THING_MOVED']);
    expect(conflict.examples.THING_MOVED.value).toEqual({
      type: 'https://orion.dev/problems/thing-moved',
      title: 'Conflict',
      status: 409,
      code: 'THING_MOVED',
      detail: 'The thing moved',
    });
    expect((responses()['409'].description as string).split('\n\n').sort()).toEqual([
      'THING_EXISTS: The thing exists',
      'THING_MOVED: The thing moved',
    ]);
    expect(Object.keys(responses()['403'].content['application/problem+json'].examples).sort()).toEqual([
      'PERMISSION_DENIED',
      'THING_LOCKED',
    ]);
  });

  it('documents the 401 each route answers without credentials, beside its own 401s, once', () => {
    expect(unauthorized('/things')).toEqual(['TOKEN_MISSING']);
    expect(unauthorized('/things/shared').sort()).toEqual(['CREDENTIALS_MISSING', 'THING_SEALED']);
    expect(unauthorized('/things/for-services')).toEqual(['API_KEY_MISSING']);
    expect((responses('/things/shared')['401'].description as string).split('\n\n')).toHaveLength(2);
  });

  it('documents the problem schema with validation errors', () => {
    const schema = document.components?.schemas?.ProblemDetailsDto as { properties: Record<string, unknown> };
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['code', 'requestId', 'errors']));
    expect(document.components?.schemas).toHaveProperty('InvalidFieldDto');
  });
});
