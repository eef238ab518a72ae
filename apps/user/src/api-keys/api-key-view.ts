import type { ApiKeyDto, IssuedApiKeyDto } from './dto/api-key.dto';
import type { ApiKeyView, IssuedApiKey } from './api-keys.service';

export function toApiKeyDto(key: ApiKeyView): ApiKeyDto {
  return {
    id: key.id,
    name: key.name,
    prefix: key.keyPrefix,
    scopes: key.scopes,
    state: key.state,
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    expiresAt: key.expiresAt?.toISOString() ?? null,
    revokedAt: key.revokedAt?.toISOString() ?? null,
    rotatedTo: key.rotatedTo,
    createdAt: key.createdAt.toISOString(),
  };
}

export function toIssuedApiKeyDto(key: IssuedApiKey): IssuedApiKeyDto {
  return { ...toApiKeyDto(key), key: key.key };
}
