import { performance } from 'node:perf_hooks';
import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import CircuitBreaker from 'opossum';
import {
  AttemptReport,
  ChannelProvider,
  DeliveryReceipt,
  OutgoingMessage,
  PermanentDeliveryError,
  TransientDeliveryError,
} from './channel-provider';
import { ChannelRegistryService } from './channel-registry.service';
import { CHANNELS_CONFIG, ChannelsConfig } from './channels.config';
import { ProviderRateLimitStore } from './provider-rate-limit.store';

type Breaker = CircuitBreaker<[OutgoingMessage], DeliveryReceipt>;

/** The state of one provider's circuit, for health pages and tests. */
export interface ProviderCircuitState {
  provider: string;
  state: 'closed' | 'open' | 'half-open';
}

/**
 * Sends a message over its channel: the channel's providers in priority order, each behind a
 * circuit breaker and a rate limit, failing over on transient errors and stopping at once on
 * permanent ones. Circuit state is per process (each worker learns a provider's health itself);
 * rate limits are shared by all processes through Redis.
 */
@Injectable()
export class ChannelDispatcherService implements OnModuleDestroy {
  private readonly logger = new Logger(ChannelDispatcherService.name);
  private readonly breakers = new Map<ChannelProvider, Breaker>();

  constructor(
    private readonly registry: ChannelRegistryService,
    @Inject(CHANNELS_CONFIG) private readonly config: ChannelsConfig,
    private readonly rateLimits: ProviderRateLimitStore,
  ) {}

  async dispatch(m: OutgoingMessage, report: (a: AttemptReport) => Promise<void>): Promise<DeliveryReceipt> {
    const providers = this.registry.providersFor(m.channel);
    if (providers.length === 0) {
      throw new PermanentDeliveryError(`no provider is configured for ${m.channel}`, {
        code: 'CHANNEL_NOT_CONFIGURED',
      });
    }
    let lastFailure: TransientDeliveryError | undefined;
    for (const provider of providers) {
      const started = performance.now();
      let receipt: DeliveryReceipt | undefined;
      let failure: PermanentDeliveryError | TransientDeliveryError | undefined;
      try {
        await this.takeRateLimitToken(provider);
        receipt = await this.breakerOf(provider).fire(m);
      } catch (error) {
        failure = this.classify(error, provider);
      }
      const durationMs = Math.round(performance.now() - started);
      // Reported outside the try: a failing report must not be mistaken for a provider failure.
      if (receipt) {
        await report({
          provider: provider.name,
          ok: true,
          durationMs,
          providerMessageId: receipt.providerMessageId,
          response: receipt.response,
        });
        return receipt;
      }
      await report({
        provider: provider.name,
        ok: false,
        durationMs,
        errorCode: failure!.code,
        errorMessage: failure!.message,
        permanent: failure instanceof PermanentDeliveryError,
        response: failure!.response,
      });
      if (failure instanceof PermanentDeliveryError) throw failure;
      this.logger.warn(`${provider.name} failed transiently (${failure!.code}); trying the next provider`);
      lastFailure = failure;
    }
    throw lastFailure!;
  }

  circuitStates(): ProviderCircuitState[] {
    return [...this.breakers].map(([provider, breaker]) => ({
      provider: provider.name,
      state: breaker.opened ? 'open' : breaker.halfOpen ? 'half-open' : 'closed',
    }));
  }

  onModuleDestroy(): void {
    for (const breaker of this.breakers.values()) breaker.shutdown();
  }

  private breakerOf(provider: ChannelProvider): Breaker {
    let breaker = this.breakers.get(provider);
    if (!breaker) {
      const { breaker: options } = this.config;
      breaker = new CircuitBreaker((m: OutgoingMessage) => provider.send(m), {
        name: provider.name,
        // Providers enforce their own timeouts, so a slow call is never abandoned while it may still deliver.
        timeout: false,
        errorThresholdPercentage: options.errorThresholdPercentage,
        volumeThreshold: options.volumeThreshold,
        resetTimeout: options.resetTimeoutMs,
        rollingCountTimeout: options.rollingWindowMs,
        // A bad address says nothing about the provider's health.
        errorFilter: (error: unknown) => error instanceof PermanentDeliveryError,
      });
      breaker.on('open', () => this.logger.warn(`circuit of ${provider.name} opened`));
      breaker.on('halfOpen', () =>
        this.logger.log(`circuit of ${provider.name} half-open: next call is a probe`),
      );
      breaker.on('close', () => this.logger.log(`circuit of ${provider.name} closed`));
      this.breakers.set(provider, breaker);
    }
    return breaker;
  }

  private async takeRateLimitToken(provider: ChannelProvider): Promise<void> {
    const limited = await this.rateLimits.take(provider.name);
    if (limited) {
      throw new TransientDeliveryError(`${provider.name} is at its rate limit`, {
        code: 'RATE_LIMITED',
        retryAfterMs: limited.retryAfterMs,
      });
    }
  }

  private classify(
    error: unknown,
    provider: ChannelProvider,
  ): PermanentDeliveryError | TransientDeliveryError {
    if (error instanceof PermanentDeliveryError || error instanceof TransientDeliveryError) return error;
    const code = (error as { code?: unknown }).code;
    if (code === 'EOPENBREAKER') {
      return new TransientDeliveryError(`circuit of ${provider.name} is open`, { code: 'CIRCUIT_OPEN' });
    }
    const message = error instanceof Error ? error.message : String(error);
    return new TransientDeliveryError(`${provider.name}: ${message}`, {
      code: typeof code === 'string' ? code.slice(0, 64) : 'PROVIDER_ERROR',
    });
  }
}
