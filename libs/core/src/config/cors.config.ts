/** The browser origins whose pages may call a service (CORS_ORIGINS): exact origins, or '*' for any. */
export type CorsOrigins = '*' | string[];

/** The front end the documentation assumes during development (`npm start`, `docker compose up`). */
export const DEVELOPMENT_CORS_ORIGINS = 'http://localhost:3000';

/**
 * Reads CORS_ORIGINS: a comma-separated list of exact origins (`https://app.example.com`,
 * scheme, host and port only, as browsers send them in `Origin`), `*`, or empty for none.
 * Unset means the development front end, except in production, where only listed origins
 * are allowed and `*` is refused: any site could otherwise read what a signed-in user sees.
 */
export function parseCorsOrigins(env: NodeJS.ProcessEnv): { origins: CorsOrigins; problems: string[] } {
  const production = env.NODE_ENV === 'production';
  const raw = env.CORS_ORIGINS ?? (production ? '' : DEVELOPMENT_CORS_ORIGINS);
  const entries = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.includes('*')) {
    if (production) {
      return {
        origins: [],
        problems: [
          'CORS_ORIGINS: must not be * in production (any web site could call the API from its visitors’ browsers); list the origins of your front ends',
        ],
      };
    }
    if (entries.length > 1) {
      return { origins: [], problems: ['CORS_ORIGINS: * stands alone, not in a list of origins'] };
    }
    return { origins: '*', problems: [] };
  }
  const problems = entries
    .filter((entry) => !isExactOrigin(entry))
    .map(
      (entry) =>
        `CORS_ORIGINS: "${entry}" is not an origin; write scheme://host[:port] with no path or trailing slash, e.g. https://app.example.com`,
    );
  return { origins: problems.length > 0 ? [] : entries, problems };
}

/** True when the entry is exactly how a browser serialises an http(s) origin, so `Origin` can match it. */
function isExactOrigin(entry: string): boolean {
  try {
    const url = new URL(entry);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === entry;
  } catch {
    return false;
  }
}
