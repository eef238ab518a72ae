import { Controller, Get } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { Test } from '@nestjs/testing';
import { createHttpAdapter } from '../bootstrap/run-service';
import { ApiGuarded, ApiProblem } from './openapi-problem';

@Controller('things')
class ThingsController {
  @Get()
  @ApiGuarded('things:read')
  @ApiProblem(403, 'THING_LOCKED', 'The thing is locked')
  @ApiProblem(409, 'THING_EXISTS', 'The thing exists')
  @ApiProblem(409, 'THING_MOVED', 'The thing moved')
  list() {
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
    document = SwaggerModule.createDocument(app, new DocumentBuilder().build());
  });

  afterAll(() => app.close());

  const responses = () => document.paths['/things']?.get?.responses as Record<string, any>;

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

  it('documents 401 for a guarded route and the problem schema with validation errors', () => {
    expect(responses()['401'].content['application/problem+json'].examples).toHaveProperty('TOKEN_MISSING');
    const schema = document.components?.schemas?.ProblemDetailsDto as { properties: Record<string, unknown> };
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['code', 'requestId', 'errors']));
    expect(document.components?.schemas).toHaveProperty('InvalidFieldDto');
  });
});
