import { Inject, Injectable, Logger } from '@nestjs/common';
import { BaseClient, custom, Issuer } from 'openid-client';
import { AUTH_CONFIG, AuthConfig } from '../config/auth.config';
import { OidcProviderConfig } from '../config/account.config';
import { IdentityProviderUnavailableError, UnknownIdentityProviderError } from './social.errors';

// Calls to providers (discovery, token, JWKS, userinfo) give up after this.
const PROVIDER_TIMEOUT_MS = 5_000;

/**
 * One openid-client Client per configured provider, built from its discovery document on first
 * use (so a provider that is down does not stop this service from starting) and kept; a failed
 * discovery is tried again on the next request.
 */
@Injectable()
export class OidcProvidersClient {
  private readonly logger = new Logger(OidcProvidersClient.name);
  private readonly providers: Map<string, OidcProviderConfig>;
  private readonly clients = new Map<string, Promise<BaseClient>>();

  constructor(@Inject(AUTH_CONFIG) config: AuthConfig) {
    this.providers = new Map(config.account.social.providers.map((provider) => [provider.id, provider]));
    custom.setHttpOptionsDefaults({ timeout: PROVIDER_TIMEOUT_MS });
  }

  /** The provider's settings; IDENTITY_PROVIDER_UNKNOWN (404) if none has this id. */
  provider(id: string): OidcProviderConfig {
    const provider = this.providers.get(id);
    if (!provider) throw new UnknownIdentityProviderError();
    return provider;
  }

  ids(): string[] {
    return [...this.providers.keys()];
  }

  async client(id: string): Promise<BaseClient> {
    const provider = this.provider(id);
    let client = this.clients.get(id);
    if (!client) {
      client = this.discover(provider);
      this.clients.set(id, client);
      client.catch(() => this.clients.delete(id));
    }
    return client;
  }

  private async discover(provider: OidcProviderConfig): Promise<BaseClient> {
    try {
      const issuer = await Issuer.discover(provider.issuer);
      return new issuer.Client({
        client_id: provider.clientId,
        ...(provider.clientSecret
          ? { client_secret: provider.clientSecret, token_endpoint_auth_method: 'client_secret_basic' }
          : { token_endpoint_auth_method: 'none' }),
        response_types: ['code'],
      });
    } catch (error) {
      this.logger.warn(`Discovery of identity provider ${provider.id} failed: ${(error as Error).message}`);
      throw new IdentityProviderUnavailableError();
    }
  }
}
