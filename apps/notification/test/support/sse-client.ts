import { request, IncomingMessage } from 'node:http';

export interface ServerSentEvent {
  event?: string;
  id?: string;
  data?: string;
  /** Comment lines (": heartbeat"), without the colon. */
  comments: string[];
}

/**
 * A server-sent-events reader over a real HTTP connection: collects every block and lets a test
 * wait for the first one matching a condition (rejecting only after a generous deadline, so a
 * missing event fails the test instead of hanging it).
 */
export class SseClient {
  readonly blocks: ServerSentEvent[] = [];
  private buffer = '';
  private waiters: Array<{ match: (e: ServerSentEvent) => boolean; resolve: (e: ServerSentEvent) => void }> =
    [];

  private constructor(
    readonly response: IncomingMessage,
    private readonly close: () => void,
  ) {
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => this.receive(chunk));
  }

  static open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        { agent: false, headers: { accept: 'text/event-stream', ...headers } },
        (response) => resolve(new SseClient(response, () => req.destroy())),
      );
      req.on('error', reject);
      req.end();
    });
  }

  /** The whole body, for responses that are not streams (errors). */
  async text(): Promise<string> {
    await new Promise((resolve) => this.response.once('end', resolve));
    return this.buffer;
  }

  next(match: (e: ServerSentEvent) => boolean, deadlineMs = 10_000): Promise<ServerSentEvent> {
    const seen = this.blocks.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('expected server-sent event did not arrive')),
        deadlineMs,
      );
      this.waiters.push({
        match,
        resolve: (e) => {
          clearTimeout(timer);
          resolve(e);
        },
      });
    });
  }

  /** The events named `name` received so far. */
  events(name: string): ServerSentEvent[] {
    return this.blocks.filter((b) => b.event === name);
  }

  stop(): void {
    this.close();
  }

  private receive(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const raw = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const block: ServerSentEvent = { comments: [] };
      for (const line of raw.split('\n')) {
        if (line.startsWith(':')) block.comments.push(line.slice(1).trim());
        else {
          const colon = line.indexOf(':');
          const field = line.slice(0, colon);
          const value = line.slice(colon + 1).replace(/^ /, '');
          if (field === 'event' || field === 'id') block[field] = value;
          if (field === 'data') block.data = block.data === undefined ? value : `${block.data}\n${value}`;
        }
      }
      this.blocks.push(block);
      for (const waiter of [...this.waiters]) {
        if (waiter.match(block)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve(block);
        }
      }
    }
  }
}
