import { ConfigurationError } from '@orion/core';
import { z } from 'zod';

export interface TemplatesConfig {
  /** Origins a system template's secret link may lead to (the front end's, and any listed). */
  linkOrigins: string[];
}

export const TEMPLATES_CONFIG = Symbol('TEMPLATES_CONFIG');

const httpUrl = z
  .string()
  .url()
  .refine((url) => /^https?:\/\//.test(url), 'must be an http(s) URL');

const schema = z.object({
  NOTIFICATION_APP_URL: httpUrl.default('http://localhost:3000'),
  SYSTEM_TEMPLATE_LINK_ORIGINS: z
    .string()
    .optional()
    .transform((value) =>
      (value ?? '')
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean),
    )
    .pipe(z.array(httpUrl)),
});

/**
 * Read at boot: a reset, verification or undo link that leads anywhere else is not rendered, so
 * a sender cannot dress a link to another site in a system template either.
 */
export function loadTemplatesConfig(env: NodeJS.ProcessEnv = process.env): TemplatesConfig {
  const parsed = schema.safeParse({
    ...env,
    NOTIFICATION_APP_URL: env.NOTIFICATION_APP_URL || undefined,
    SYSTEM_TEMPLATE_LINK_ORIGINS: env.SYSTEM_TEMPLATE_LINK_ORIGINS || undefined,
  });
  if (!parsed.success) {
    throw new ConfigurationError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const origins = [parsed.data.NOTIFICATION_APP_URL, ...parsed.data.SYSTEM_TEMPLATE_LINK_ORIGINS];
  return { linkOrigins: [...new Set(origins.map((url) => new URL(url).origin))] };
}
