import { IsEmail, IsOptional, IsString, MaxLength } from 'class-validator';
import { APP_PIPE } from '@nestjs/core';
import { HTTP_PIPELINE_PROVIDERS } from '../http/http-pipeline.providers';
import { RequestValidationError } from './validation-error';

class SignUpLikeDto {
  @IsEmail()
  @MaxLength(320)
  email!: string;

  @IsOptional()
  @IsString()
  @MaxLength(150)
  displayName?: string;
}

/** The app-wide pipe, exactly as every service registers it. */
function appPipe() {
  const provider = HTTP_PIPELINE_PROVIDERS.find((p) => 'useValue' in p && p.provide === APP_PIPE);
  return (provider as { useValue: { transform(value: unknown, metadata: object): Promise<unknown> } })
    .useValue;
}

async function validationErrors(body: unknown) {
  try {
    await appPipe().transform(body, { type: 'body', metatype: SignUpLikeDto });
  } catch (error) {
    expect(error).toBeInstanceOf(RequestValidationError);
    return (error as RequestValidationError).errors;
  }
  throw new Error('the body was accepted');
}

describe('request validation messages', () => {
  it('says a missing required field is required, not which of its rules it breaks', async () => {
    expect(await validationErrors({})).toEqual([{ field: 'email', messages: ['email is required'] }]);
  });

  it('names the broken rules of a field that is present', async () => {
    const [error] = await validationErrors({ email: `${'a'.repeat(320)}@example.com` });
    expect(error?.field).toBe('email');
    expect(error?.messages).toContain('email must be shorter than or equal to 320 characters');
    expect(error?.messages).not.toContain('email is required');
  });

  it('leaves an absent optional field alone', async () => {
    await expect(
      appPipe().transform({ email: 'ada@example.com' }, { type: 'body', metatype: SignUpLikeDto }),
    ).resolves.toEqual({
      email: 'ada@example.com',
    });
  });
});
