import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiKeyAuth, CurrentPrincipal, Principal } from '@orion/security';
import { ApiKeysService } from './api-keys.service';
import { ApiKeySelfDto, toApiKeyDto } from './dto/api-key.dto';
import { ApiKeyNotFoundError } from './api-keys.errors';

/** Lets a program check the key it holds: which key, whose, what it may do, until when. */
@ApiTags('api-keys')
@Controller('api-keys')
export class ApiKeySelfController {
  constructor(private readonly keys: ApiKeysService) {}

  @Get('self')
  @ApiKeyAuth()
  @ApiOperation({ summary: 'Describe the API key sent in X-API-Key' })
  @ApiOkResponse({ type: ApiKeySelfDto })
  async self(@CurrentPrincipal() caller: Principal): Promise<ApiKeySelfDto> {
    if (caller.kind !== 'service') throw new ApiKeyNotFoundError();
    const key = toApiKeyDto(await this.keys.get(caller.keyId, caller.ownerId));
    return { ...key, effectiveScopes: caller.scopes };
  }
}
