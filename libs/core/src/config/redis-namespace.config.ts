import { z } from 'zod';

/** The namespace of an installation that does not choose one; its keys are the historical `orion:…`. */
export const DEFAULT_REDIS_NAMESPACE = 'orion';

/**
 * REDIS_NAMESPACE: the first segment of every key, stream, channel and queue of one installation.
 * No ':' (the separator: with it `a` and `a:b` would overlap) and no glob characters (it ends up in
 * ACL key patterns and SCAN matches); short, because it is repeated in every key.
 */
export const redisNamespaceSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, {
    message:
      'must be 1 to 32 lowercase letters, digits, dashes or underscores, starting with a letter or digit',
  })
  .default(DEFAULT_REDIS_NAMESPACE);
