import type { Channel } from '../notifications/notifications.types';
/**
 * The contract between the sending core and the delivery channels.
 *
 * A ChannelProvider carries one message over one channel through one provider (an SMTP relay,
 * Twilio, a push service…). The ChannelDispatcherService tries a channel's providers in priority order,
 * each behind its own circuit breaker and rate limit, and fails over on transient errors.
 *
 * Registering a provider (e.g. the IN_APP provider of the inbox feature): import ChannelsModule
 * and call ChannelRegistryService.register() once at start-up, e.g.
 *
 *   @Injectable()
 *   export class InAppChannelProvider implements ChannelProvider, OnModuleInit {
 *     readonly channel = 'IN_APP';
 *     readonly name = 'in-app';
 *     constructor(private readonly registry: ChannelRegistryService) {}
 *     onModuleInit() { this.registry.register(this); }        // or register(this, { priority: 10 })
 *     async send(m: OutgoingMessage): Promise<DeliveryReceipt> { … }
 *   }
 *
 * Lower priority numbers are tried first; equal priorities keep registration order.
 */

export interface OutgoingMessage {
  notificationId: string;
  channel: Channel;
  /**
   * The address on the channel: EMAIL an e-mail address; SMS an E.164 number; PUSH the user id
   * (every subscription the user registered); WEBHOOK a registered endpoint's id, or a URL
   * (then `secret` must hold its whsec_ secret); SLACK/DISCORD the incoming-webhook URL;
   * IN_APP the user id.
   */
  to: string;
  subject?: string;
  text: string;
  html?: string;
  title?: string;
  payload?: Record<string, unknown>;
  /** Carried unchanged to every provider and every retry, so receivers can deduplicate. */
  idempotencyKey: string;
  /** 1 for the first try. */
  attempt: number;
  /** WEBHOOK: the endpoint's signing secret (whsec_…); PUSH: subscription keys as JSON */
  secret?: string;
  /**
   * Who the message is sent for: the service's own features, or a caller acting for an owner (a
   * user id; null when unknown). A caller's WEBHOOK message reaches only its owner's endpoints,
   * and the webhook type it chose is namespaced (see webhookType).
   */
  sender: MessageSender;
}

export type MessageSender = { kind: 'platform' } | { kind: 'caller'; ownerId: string | null };

export interface DeliveryReceipt {
  provider: string;
  providerMessageId?: string;
  response?: Record<string, unknown>;
  /**
   * Work that must follow the recorded status, run by the delivery service once the
   * notification is SENT or DELIVERED (an in-app item is announced live only once it is listed).
   */
  afterRecorded?: () => Promise<void>;
}

/** What happened with one provider during one dispatch; reported for every provider tried. */
export interface AttemptReport {
  provider: string;
  ok: boolean;
  durationMs: number;
  errorCode?: string;
  errorMessage?: string;
  permanent?: boolean;
  response?: Record<string, unknown>;
  providerMessageId?: string;
}

/** Details a delivery error may carry into the attempt report. */
export interface DeliveryErrorDetails {
  /** Stable, short code, e.g. SMTP_550, HTTP_404, SUBSCRIPTION_GONE. */
  code?: string;
  /** The provider's answer, trimmed of anything sensitive. */
  response?: Record<string, unknown>;
}

/** 4xx, invalid address, unknown recipient: never retried, no failover. */
export class PermanentDeliveryError extends Error {
  readonly code: string;
  readonly response?: Record<string, unknown>;
  constructor(message: string, details: DeliveryErrorDetails = {}) {
    super(message);
    this.name = 'PermanentDeliveryError';
    this.code = details.code ?? 'PERMANENT_FAILURE';
    this.response = details.response;
  }
}

/** 5xx, timeouts, connection errors, rate limits, open circuit: retried with backoff. */
export class TransientDeliveryError extends Error {
  readonly code: string;
  readonly response?: Record<string, unknown>;
  /** When the provider asked to wait (Retry-After), in milliseconds. */
  readonly retryAfterMs?: number;
  constructor(message: string, details: DeliveryErrorDetails & { retryAfterMs?: number } = {}) {
    super(message);
    this.name = 'TransientDeliveryError';
    this.code = details.code ?? 'TRANSIENT_FAILURE';
    this.response = details.response;
    this.retryAfterMs = details.retryAfterMs;
  }
}

export interface ChannelProvider {
  readonly channel: Channel;
  /** Stable provider name, recorded on DeliveryAttempt.provider (≤ 50 chars), e.g. "smtp-primary". */
  readonly name: string;
  /** Throws PermanentDeliveryError or TransientDeliveryError; anything else counts as transient. */
  send(m: OutgoingMessage): Promise<DeliveryReceipt>;
}

export interface ProviderRegistration {
  /** Lower is tried first; defaults to 100. */
  priority?: number;
}

/*
 * Implemented in channel-dispatcher.ts (exported by ChannelsModule):
 *
 * class ChannelDispatcherService {
 *   // Providers of m.channel in order, each behind a circuit breaker and a rate limit; fails over
 *   // on transient errors and open circuits, stops at once on PermanentDeliveryError. Calls report()
 *   // for every provider tried. Throws PermanentDeliveryError, or TransientDeliveryError when every
 *   // provider failed transiently (or none is configured for the channel).
 *   dispatch(m: OutgoingMessage, report: (a: AttemptReport) => Promise<void>): Promise<DeliveryReceipt>;
 * }
 */
