import type Redis from 'ioredis';

type PendingSummary = [count: number, smallest: string | null, greatest: string | null, consumers: unknown];

/** The id right after `id`: MINID keeps entries at or above it, so everything up to `id` goes. */
function nextEntryId(id: string): string {
  const [ms = '0', seq = '0'] = id.split('-');
  return `${ms}-${BigInt(seq) + 1n}`;
}

function compareEntryIds(a: string, b: string): number {
  const [aMs = '0', aSeq = '0'] = a.split('-');
  const [bMs = '0', bSeq = '0'] = b.split('-');
  const ms = BigInt(aMs) - BigInt(bMs);
  if (ms !== 0n) return ms < 0n ? -1 : 1;
  const seq = BigInt(aSeq) - BigInt(bSeq);
  return seq === 0n ? 0 : seq < 0n ? -1 : 1;
}

/**
 * The first entry id some consumer group may still need: for a group with pending messages its
 * oldest pending one, otherwise the entry after the last it read. Undefined when the stream has
 * no group yet (nobody has acknowledged anything, so nothing may go).
 */
export async function acknowledgedHorizon(redis: Redis, stream: string): Promise<string | undefined> {
  const groups = (await redis.xinfo('GROUPS', stream)) as unknown[][];
  let horizon: string | undefined;
  for (const fields of groups) {
    const info = new Map<string, unknown>();
    for (let i = 0; i + 1 < fields.length; i += 2) info.set(String(fields[i]), fields[i + 1]);
    const name = String(info.get('name'));
    let needed = nextEntryId(String(info.get('last-delivered-id') ?? '0-0'));
    if (Number(info.get('pending')) > 0) {
      const [count, smallest] = (await redis.xpending(stream, name)) as PendingSummary;
      if (count > 0 && smallest) needed = smallest;
    }
    if (horizon === undefined || compareEntryIds(needed, horizon) < 0) horizon = needed;
  }
  return horizon;
}

/**
 * Deletes the entries of a stream that every consumer group has acknowledged (XTRIM MINID, exact).
 * Returns how many went. A group created afterwards never sees them, so a new consuming service
 * must start (and create its group) before the events it needs are produced.
 */
export async function trimAcknowledged(redis: Redis, stream: string): Promise<number> {
  let horizon: string | undefined;
  try {
    horizon = await acknowledgedHorizon(redis, stream);
  } catch (error) {
    // No such stream yet: nothing to trim.
    if ((error as Error).message.includes('no such key')) return 0;
    throw error;
  }
  if (horizon === undefined) return 0;
  return Number(await redis.xtrim(stream, 'MINID', horizon));
}
