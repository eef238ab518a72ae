import { APP_PIPE } from '@nestjs/core';
import { HTTP_PIPELINE_PROVIDERS } from '../http/http-pipeline.providers';
import { RequestValidationError } from '../errors/validation-error';
import { NewPasswordField, PresentedPasswordField } from './password-fields';
import { MAX_PASSWORD_LENGTH } from './password-policy';

class Passwords {
  @NewPasswordField()
  chosen!: string;

  @PresentedPasswordField()
  presented!: string;
}

const pipe = (
  HTTP_PIPELINE_PROVIDERS.find((p) => 'useValue' in p && p.provide === APP_PIPE) as {
    useValue: { transform(value: unknown, metadata: object): Promise<unknown> };
  }
).useValue;

async function invalidFields(body: object): Promise<string[]> {
  try {
    await pipe.transform(body, { type: 'body', metatype: Passwords });
    return [];
  } catch (error) {
    if (!(error instanceof RequestValidationError)) throw error;
    return error.errors.map((e) => `${e.field}: ${e.messages.join(', ')}`);
  }
}

describe('password fields', () => {
  it('leaves the length of a chosen password to the policy, which names the rule', async () => {
    expect(await invalidFields({ chosen: 'x'.repeat(5000), presented: 'secret' })).toEqual([]);
  });

  it('refuses a presented password longer than any chosen one, counted as the policy counts', async () => {
    const emoji = '🔑'.repeat(MAX_PASSWORD_LENGTH); // 256 UTF-16 units, 128 code points
    expect(await invalidFields({ chosen: 'secret', presented: emoji })).toEqual([]);
    expect(await invalidFields({ chosen: 'secret', presented: `${emoji}!` })).toEqual([
      `presented: presented must be at most ${MAX_PASSWORD_LENGTH} characters`,
    ]);
  });
});
