/**
 * The locales to try, best first: the requested tag, then each shorter prefix, then the template's
 * default. "de-AT" with default "en" gives ["de-AT", "de", "en"]. Matching is case-insensitive
 * (BCP 47 tags are), and the tags returned are the template's own spelling.
 */
export function localeChain(requested: string | undefined, defaultLocale: string): string[] {
  const chain: string[] = [];
  if (requested) {
    const parts = requested.trim().split(/[-_]/).filter(Boolean);
    for (let length = parts.length; length > 0; length--) chain.push(parts.slice(0, length).join('-'));
  }
  chain.push(defaultLocale);
  const seen = new Set<string>();
  return chain.filter((tag) => {
    const lower = tag.toLowerCase();
    if (seen.has(lower)) return false;
    seen.add(lower);
    return true;
  });
}

/** The first locale of the chain for which `has` finds content, in the template's spelling. */
export function pickLocale(
  chain: string[],
  available: string[],
  has: (locale: string) => boolean,
): string | undefined {
  for (const wanted of chain) {
    const match = available.find((locale) => locale.toLowerCase() === wanted.toLowerCase());
    if (match && has(match)) return match;
  }
  return undefined;
}
