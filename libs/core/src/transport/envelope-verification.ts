import type { CommandSenders } from '@orion/contracts';
import { commandSignedFields, readMeta, type MessageMeta } from './message-envelope';
import type { TrustedKeyring } from './message-signing';

export interface EnvelopeCheckOptions {
  keyring: TrustedKeyring;
  /** Who may send each command (libs/contracts command-senders.ts). */
  senders: CommandSenders;
  maxSkewMs: number;
  now: () => number;
}

/**
 * `authentic: true` when the signature held and only the sender's right was missing: such a
 * caller gets an answer; a forged message gets none.
 */
export type EnvelopeCheck =
  { ok: true; meta: MessageMeta } | { ok: false; reason: string; authentic: boolean; meta: MessageMeta };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when `sentAt` is within the allowed skew of now, in either direction. */
export function isFresh(sentAt: string, maxSkewMs: number, now: number): boolean {
  const at = Date.parse(sentAt);
  return Number.isFinite(at) && Math.abs(now - at) <= maxSkewMs;
}

/**
 * Checks a received command before any handler sees it: signed by a trusted key of the
 * producer it claims, unchanged, recent, and from a producer allowed to send this pattern.
 * Replays within the window are caught afterwards, by the message id claim in Redis.
 */
export function checkCommand(pattern: string, packet: unknown, options: EnvelopeCheckOptions): EnvelopeCheck {
  const raw = (packet as { meta?: Record<string, unknown> } | null)?.meta;
  const meta = readMeta(packet);
  const refuse = (reason: string, authentic = false): EnvelopeCheck => ({
    ok: false,
    reason,
    authentic,
    meta,
  });
  if (typeof raw !== 'object' || raw === null) return refuse('unsigned');
  // Verify exactly what was sent: readMeta's replacements would not match the signature.
  if (
    typeof raw.from !== 'string' ||
    typeof raw.requestId !== 'string' ||
    typeof raw.attempt !== 'number' ||
    typeof raw.sentAt !== 'string' ||
    typeof raw.kid !== 'string' ||
    typeof raw.messageId !== 'string' ||
    !UUID.test(raw.messageId)
  )
    return refuse('unsigned or incomplete envelope');
  const sent = raw as unknown as MessageMeta;
  const data = (packet as { data?: unknown }).data;
  const verified = options.keyring.verify(commandSignedFields(pattern, data, sent), raw.signature);
  if (!verified.ok) return refuse(verified.reason);
  if (!isFresh(sent.sentAt, options.maxSkewMs, options.now())) return refuse(`stale: sent at ${sent.sentAt}`);
  const allowed = options.senders[pattern];
  if (!allowed) return refuse(`no senders are declared for ${pattern}`, true);
  if (!(allowed as readonly string[]).includes(sent.from))
    return refuse(`${sent.from} may not send ${pattern}`, true);
  return { ok: true, meta };
}
