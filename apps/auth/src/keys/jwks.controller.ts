import { Controller, Get, Header, VERSION_NEUTRAL } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@orion/core';
import { SigningKeysService } from './signing-keys.service';

/** RFC 8615 well-known location, outside /api: verifiers in every service fetch it. */
@ApiTags('keys')
@Public()
@Controller({ path: '.well-known', version: VERSION_NEUTRAL })
export class JwksController {
  constructor(private readonly keys: SigningKeysService) {}

  @Get('jwks.json')
  // Short enough that a shared cache never hides a key published ahead of its use.
  @Header('Cache-Control', 'public, max-age=300, stale-while-revalidate=60')
  @ApiOperation({
    summary: 'Public keys that verify access tokens (JWKS, RFC 7517)',
    description:
      'Current, upcoming and recently retired Ed25519 keys. Match a token to its key by the `kid` ' +
      'header; a new key appears here before it signs, and a retired one stays until every token ' +
      'it signed has expired.',
  })
  @ApiOkResponse({
    schema: {
      example: {
        keys: [
          {
            kty: 'OKP',
            crv: 'Ed25519',
            x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo',
            kid: '3f1c0a4e-8a4b-4c8e-9f4f-6a1d2b3c4d5e',
            alg: 'EdDSA',
            use: 'sig',
          },
        ],
      },
    },
  })
  async jwks(): Promise<{ keys: Record<string, unknown>[] }> {
    return { keys: await this.keys.publicKeys() };
  }
}
