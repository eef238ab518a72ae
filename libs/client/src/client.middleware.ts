import type { Middleware } from 'openapi-fetch';
import { OrionProblemError } from './client.errors';
import type { TokenRefreshService } from './token-refresh.service';

/** Turns every application/problem+json answer into a thrown OrionProblemError. */
export const problemMiddleware: Middleware = {
  async onResponse({ response }) {
    const problem = await OrionProblemError.fromResponse(response);
    if (problem) throw problem;
    return undefined;
  },
};

/** Backends: the API key on every request, no session. */
export function apiKeyMiddleware(apiKey: string): Middleware {
  return {
    onRequest({ request }) {
      request.headers.set('x-api-key', apiKey);
      return request;
    },
  };
}

/**
 * Front ends: the session's access token on every request that has no Authorization of its own,
 * refreshed shortly before it expires; a 401 TOKEN_EXPIRED is refreshed once (shared with every
 * concurrent call) and the request sent again with the new token.
 */
export function sessionMiddleware(tokens: TokenRefreshService): Middleware {
  // A copy of each request taken before sending, since a sent body cannot be read again.
  const pending = new Map<string, { retry: Request; token: string }>();
  return {
    async onRequest({ request, id }) {
      if (request.headers.has('authorization')) return undefined;
      const token = await tokens.accessToken();
      if (!token) return undefined;
      pending.set(id, { retry: request.clone(), token });
      request.headers.set('authorization', `Bearer ${token}`);
      return request;
    },
    async onResponse({ response, id, options }) {
      const sent = pending.get(id);
      pending.delete(id);
      if (!sent || response.status !== 401) return undefined;
      const problem = await OrionProblemError.fromResponse(response);
      if (problem?.code !== 'TOKEN_EXPIRED') return undefined;
      const session = await tokens.refreshAfter(sent.token);
      if (!session) return undefined;
      await response.body?.cancel();
      sent.retry.headers.set('authorization', `Bearer ${session.accessToken}`);
      return options.fetch(sent.retry);
    },
    onError({ id }) {
      pending.delete(id);
      return undefined;
    },
  };
}
