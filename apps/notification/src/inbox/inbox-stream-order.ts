/** An item as the user's inbox log holds it: its Redis stream entry id, its id and its JSON. */
export interface LoggedItem {
  entry: string;
  itemId: string;
  data: string;
}

/** Orders Redis stream entry ids (`<milliseconds>-<sequence>`). */
export function compareEntries(a: string, b: string): number {
  const [aMs = 0, aSeq = 0] = a.split('-').map(Number);
  const [bMs = 0, bSeq = 0] = b.split('-').map(Number);
  return aMs - bMs || aSeq - bSeq;
}

/**
 * What one stream has sent, so replay and live meet without a gap or a repeat. The stream
 * subscribes first and holds live items while it reads the replay; then it sends the replay and
 * the held items in log order, each entry at most once, and live items as they come.
 */
export class StreamOrder {
  private last: string | undefined;
  private held: LoggedItem[] | undefined = [];

  constructor(private readonly send: (item: LoggedItem) => void) {}

  /** An item published live: held until the replay is sent, then sent unless sent already. */
  live(item: LoggedItem): void {
    if (this.held) this.held.push(item);
    else this.pass(item);
  }

  /** Sends the replayed items, then the live ones held meanwhile; from here on live items go at once. */
  release(replayed: LoggedItem[]): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const item of replayed) this.pass(item);
    for (const item of held) this.pass(item);
  }

  private pass(item: LoggedItem): void {
    // A retried delivery is published again with its first entry id: the stream has it already.
    if (this.last !== undefined && compareEntries(item.entry, this.last) <= 0) return;
    this.last = item.entry;
    this.send(item);
  }
}
