import { ConfigurationError } from '@orion/core';

export interface ApiKeysConfig {
  /** How long a rotated key keeps working beside its replacement. */
  rotationOverlapS: number;
}

export const API_KEYS_CONFIG = Symbol('API_KEYS_CONFIG');

const MAX_OVERLAP_S = 7 * 24 * 3600;

/** Read once at boot; a bad value stops the service with the variable named. */
export function loadApiKeysConfig(env: NodeJS.ProcessEnv = process.env): ApiKeysConfig {
  const raw = env.API_KEY_ROTATION_OVERLAP_S;
  if (raw === undefined || raw === '') return { rotationOverlapS: 3600 };
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value > MAX_OVERLAP_S) {
    throw new ConfigurationError([
      `API_KEY_ROTATION_OVERLAP_S: must be a whole number of seconds from 0 to ${MAX_OVERLAP_S}`,
    ]);
  }
  return { rotationOverlapS: value };
}
