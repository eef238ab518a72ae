import type { IssuedWebhookEndpointDto, WebhookEndpointDto } from './webhook-endpoint.dto';
import type { IssuedWebhookEndpoint, WebhookEndpoint } from '../webhook-endpoints.service';

export function toWebhookEndpointDto(endpoint: WebhookEndpoint): WebhookEndpointDto {
  return {
    id: endpoint.id,
    url: endpoint.url,
    description: endpoint.description,
    enabled: endpoint.enabled,
    previousSecretExpiresAt: endpoint.previousSecretExpiresAt?.toISOString() ?? null,
    createdById: endpoint.createdById,
    ownerId: endpoint.ownerId,
    createdAt: endpoint.createdAt.toISOString(),
    updatedAt: endpoint.updatedAt.toISOString(),
  };
}

export function toIssuedWebhookEndpointDto(endpoint: IssuedWebhookEndpoint): IssuedWebhookEndpointDto {
  return { ...toWebhookEndpointDto(endpoint), secret: endpoint.secret };
}
