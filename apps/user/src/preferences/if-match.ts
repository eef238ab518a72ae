import { InvalidIfMatchError, PreferencesVersionRequiredError } from './preferences.errors';

/** The ETag of a preferences version: a strong validator holding the number. */
export const etagOf = (version: number): string => `"${version}"`;

/** Reads If-Match as the version the client read; `"3"`, `W/"3"` and a bare `3` are accepted. */
export function versionFromIfMatch(header: string | undefined): number {
  if (header === undefined || header.trim() === '') throw new PreferencesVersionRequiredError();
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!match) throw new InvalidIfMatchError();
  return Number(match[1]);
}
