import { Provider, ValidationPipe } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ProblemDetailsFilter } from '../errors/problem-details.filter';
import { RequestValidationError } from '../errors/validation-error';

/** Strict validation of every input and problem details for every error, app-wide. */
export const HTTP_PIPELINE_PROVIDERS: Provider[] = [
  { provide: APP_FILTER, useClass: ProblemDetailsFilter },
  {
    provide: APP_PIPE,
    useValue: new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors) => RequestValidationError.fromClassValidator(errors),
    }),
  },
];
