/**
 * The network between a client and the platform, as a fetch the client is given: it counts
 * refreshes, and can cut the inbox stream and hold its reconnects, as a flaky connection would.
 */
export function streamLink() {
  const resumedFrom: (string | null)[] = [];
  let refreshes = 0;
  let cutCurrent: (() => void) | undefined;
  let held: { promise: Promise<void>; release: () => void } | undefined;

  const linkFetch = async (request: Request): Promise<Response> => {
    const path = new URL(request.url).pathname;
    if (path.endsWith('/auth/token/refresh')) refreshes += 1;
    if (!path.endsWith('/inbox/stream')) return fetch(request);
    resumedFrom.push(request.headers.get('last-event-id'));
    await held?.promise;
    const connection = new AbortController();
    cutCurrent = () => connection.abort(new Error('connection lost'));
    return fetch(request, { signal: AbortSignal.any([request.signal, connection.signal]) });
  };

  return {
    fetch: linkFetch,
    /** Last-Event-ID of every stream request, null when there was none. */
    resumedFrom,
    get refreshes() {
      return refreshes;
    },
    /** Drops the open stream connection. */
    cut: () => cutCurrent?.(),
    /** Stream requests from now on wait until releaseReconnects(). */
    holdReconnects() {
      let release!: () => void;
      const promise = new Promise<void>((resolve) => (release = resolve));
      held = { promise, release };
    },
    releaseReconnects() {
      held?.release();
      held = undefined;
    },
  };
}
