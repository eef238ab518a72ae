import { ConfigurationError } from '@orion/core';
import { z } from 'zod';

export interface TriggersConfig {
  /** The front end users open links in (no trailing slash), e.g. https://app.example.com. */
  appUrl: string;
}

export const TRIGGERS_CONFIG = Symbol('TRIGGERS_CONFIG');

const schema = z.object({
  NOTIFICATION_APP_URL: z
    .string()
    .url()
    .refine((url) => /^https?:\/\//.test(url), 'must be an http(s) URL')
    .default('http://localhost:3000'),
});

/** Read at boot like every other variable: a bad value stops the service naming it. */
export function loadTriggersConfig(env: NodeJS.ProcessEnv = process.env): TriggersConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigurationError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  return { appUrl: parsed.data.NOTIFICATION_APP_URL.replace(/\/+$/, '') };
}
