/**
 * Query parameters whose values are credentials: an authorization code and its state (an OpenID
 * Connect callback), tokens of any kind. Whoever reads a log line must not be able to replay them.
 */
const SECRET_QUERY_PARAMETERS = new Set([
  'code',
  'state',
  'token',
  'id_token',
  'access_token',
  'refresh_token',
]);

function nameOf(pair: string): string {
  const raw = pair.split('=', 1)[0] ?? '';
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' ')).toLowerCase();
  } catch {
    return raw.toLowerCase();
  }
}

/** The URL with the values of secret query parameters replaced by "[redacted]"; the rest as sent. */
export function redactUrl(url: string): string {
  const start = url.indexOf('?');
  if (start < 0) return url;
  const pairs = url
    .slice(start + 1)
    .split('&')
    .map((pair) =>
      SECRET_QUERY_PARAMETERS.has(nameOf(pair)) ? `${pair.split('=', 1)[0]}=[redacted]` : pair,
    );
  return `${url.slice(0, start + 1)}${pairs.join('&')}`;
}
