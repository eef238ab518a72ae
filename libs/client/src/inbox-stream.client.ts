import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { OrionProblemError, OrionSessionEndedError } from './client.errors';
import type { InboxItem, NotificationClient } from './client.types';

export interface InboxStreamOptions {
  /** Resume after this item (an id an earlier stream handed out): what came since arrives first. */
  lastEventId?: string;
  signal?: AbortSignal;
  /** First reconnect delay; the server's `retry:` (3 s) when unset. Doubles per failure. */
  reconnectDelayMs?: number;
  /** Longest reconnect delay; 30 s by default. */
  maxReconnectDelayMs?: number;
  /** At most this many missed items are listed when the service answers `resync`; 500 by default. */
  catchUpLimit?: number;
  /** Each time a connection is subscribed: whatever is created from now on arrives over it. */
  onConnect?: (info: { resumedAfter: string | undefined }) => void;
  /** Before each wait to reconnect, with what ended the last connection. */
  onReconnect?: (info: { delayMs: number; reason: string; error?: unknown }) => void;
}

/** New inbox items, live, across reconnects. Ends on close(), abort, or `stream-limit`. */
export interface InboxStream extends AsyncIterable<InboxItem> {
  close(): void;
  /** The id of the last item delivered: pass it as lastEventId to resume elsewhere. */
  readonly lastEventId: string | undefined;
}

type Token = { kind: 'connected' } | { kind: 'event'; event: EventSourceMessage };
type Position = { lastEventId: string | undefined; lastCreatedAt: string | undefined };

const PAGE_SIZE = 100;
const SEEN_IDS = 1000;

/** Server-sent events of a body; `: connected` is the comment the service sends once subscribed. */
async function* serverSentEvents(body: ReadableStream<Uint8Array>, onRetry: (ms: number) => void) {
  const queue: Token[] = [];
  const parser = createParser({
    onEvent: (event) => queue.push({ kind: 'event', event }),
    onComment: (comment) => comment.trim() === 'connected' && queue.push({ kind: 'connected' }),
    onRetry,
  });
  // Web streams and TextDecoder, so the same code runs in browsers and in Node.
  const reader = body.getReader();
  const decoder = new TextDecoder();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      parser.feed(decoder.decode(value, { stream: true }));
      while (queue.length > 0) yield queue.shift()!;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

/** Ids delivered lately, so an item both listed after a resync and streamed arrives once. */
class RecentIds {
  private readonly ids = new Set<string>();
  /** False when the id was seen already. */
  add(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    if (this.ids.size > SEEN_IDS) this.ids.delete(this.ids.values().next().value!);
    return true;
  }
}

/** Reconnecting cannot help: the session is over, the token refused, or the route forbidden. */
function isFinal(error: unknown): boolean {
  if (error instanceof OrionSessionEndedError) return true;
  if (!(error instanceof OrionProblemError)) return false;
  return error.status >= 400 && error.status < 500 && error.status !== 408 && error.status !== 429;
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}

/**
 * The inbox stream (GET /inbox/stream, Bearer) with reconnects. Each reconnect sends
 * Last-Event-ID and the service replays what was delivered since, then goes on live. When it
 * cannot (`resync`: the id is too old or unknown to it) the client lists the inbox newest first
 * back to the last item it delivered. Items are delivered once each by id either way.
 */
export class InboxStreamClient {
  constructor(private readonly notification: NotificationClient) {}

  stream(options: InboxStreamOptions = {}): InboxStream {
    const controller = new AbortController();
    options.signal?.addEventListener('abort', () => controller.abort(), { once: true });
    const state: Position = { lastEventId: options.lastEventId, lastCreatedAt: undefined };
    const items = this.run(state, controller, options);
    return {
      [Symbol.asyncIterator]: () => items,
      close: () => controller.abort(),
      get lastEventId() {
        return state.lastEventId;
      },
    };
  }

  /** The callback form of stream(): onError receives what ended it for good. */
  subscribe(
    onItem: (item: InboxItem) => void,
    options: InboxStreamOptions & { onError?: (error: unknown) => void } = {},
  ): { close(): void } {
    const stream = this.stream(options);
    void (async () => {
      try {
        for await (const item of stream) onItem(item);
      } catch (error) {
        options.onError?.(error);
      }
    })();
    return { close: () => stream.close() };
  }

  private async *run(
    state: Position,
    controller: AbortController,
    options: InboxStreamOptions,
  ): AsyncGenerator<InboxItem> {
    const { signal } = controller;
    const seen = new RecentIds();
    const deliver = (item: InboxItem) => {
      if (!seen.add(item.id)) return false;
      state.lastEventId = item.id;
      state.lastCreatedAt = item.createdAt;
      return true;
    };
    let serverRetryMs: number | undefined;
    let failures = 0;
    try {
      while (!signal.aborted) {
        let reason = 'closed';
        let error: unknown;
        try {
          // Where this connection resumes: a resync lists back to here, whatever arrived since.
          const resume = { ...state };
          const resumeAfter = resume.lastEventId;
          const { data: body } = await this.notification.GET('/api/v1/inbox/stream', {
            parseAs: 'stream',
            signal,
            headers: { accept: 'text/event-stream', ...(resumeAfter && { 'last-event-id': resumeAfter }) },
          });
          if (!body) throw new Error('The inbox stream answered without a body.');
          for await (const token of serverSentEvents(body, (ms) => (serverRetryMs = ms))) {
            if (token.kind === 'connected') {
              failures = 0;
              options.onConnect?.({ resumedAfter: resumeAfter });
            } else if (token.event.event === 'resync') {
              for (const item of await this.catchUp(resume, options.catchUpLimit ?? 500)) {
                if (deliver(item)) yield item;
              }
            } else if (token.event.event === 'notification') {
              const item = JSON.parse(token.event.data) as InboxItem;
              if (deliver(item)) yield item;
            } else if (token.event.event === 'end') {
              reason = (JSON.parse(token.event.data) as { reason?: string }).reason ?? 'end';
              break;
            }
          }
        } catch (caught) {
          if (signal.aborted) return;
          if (isFinal(caught)) throw caught;
          error = caught;
          reason = 'error';
        }
        // Too many streams of this user: this, the oldest, gives way instead of fighting back.
        if (reason === 'stream-limit' || signal.aborted) return;
        const retryAfterMs = error instanceof OrionProblemError && (error.retryAfter ?? 0) * 1000;
        const base = options.reconnectDelayMs ?? serverRetryMs ?? 3000;
        // An expired token is refreshed on the way back in: no reason to wait.
        const delayMs =
          reason === 'token-expired'
            ? 0
            : Math.max(
                retryAfterMs || 0,
                Math.min(options.maxReconnectDelayMs ?? 30_000, base * 2 ** failures),
              );
        failures += 1;
        options.onReconnect?.({ delayMs, reason, ...(error !== undefined && { error }) });
        await pause(delayMs, signal);
      }
    } finally {
      // The consumer stopped iterating: the open connection goes too.
      controller.abort();
    }
  }

  /** Items created after `resume`, oldest first, from newest-first pages back to it. */
  private async catchUp(resume: Position, limit: number): Promise<InboxItem[]> {
    const missed: InboxItem[] = [];
    const since = resume.lastCreatedAt ? Date.parse(resume.lastCreatedAt) : undefined;
    let cursor: string | undefined;
    while (missed.length < limit) {
      const { data } = await this.notification.GET('/api/v1/inbox', {
        params: { query: { view: 'all', limit: PAGE_SIZE, ...(cursor && { cursor }) } },
      });
      for (const item of data?.items ?? []) {
        if (item.id === resume.lastEventId) return missed.reverse();
        if (since !== undefined && Date.parse(item.createdAt) < since) return missed.reverse();
        missed.push(item);
      }
      if (!data?.nextCursor) break;
      cursor = data.nextCursor;
    }
    return missed.slice(0, limit).reverse();
  }
}
