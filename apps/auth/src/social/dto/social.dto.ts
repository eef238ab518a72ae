import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { IsOptional, IsUrl, MaxLength } from 'class-validator';
import { MfaChallengeDto } from '../../authentication/dto/sign-in.response';
import { TokenPairResponse } from '../../authentication/dto/token-pair.response';

export class RedirectUriDto {
  @ApiPropertyOptional({
    description:
      'Where the provider sends the browser back; must be one of OIDC_REDIRECT_URIS (the first is the ' +
      'default). The page there passes the query string on to the callback route.',
    example: 'http://localhost:3000/auth/callback/google',
  })
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  @MaxLength(2048)
  redirectUri?: string;
}

export class AuthorizationUrlResponse {
  @ApiProperty({ description: 'Send the browser here to continue at the identity provider.' })
  authorizationUrl!: string;

  @ApiProperty({
    description:
      'Binds the flow to whoever started it; the same value is in the HttpOnly flow cookie. A front ' +
      'end that cannot rely on the cookie keeps it (in memory or session storage, never in a URL) and ' +
      'sends it back as X-Social-Flow-Binding with the callback.',
  })
  flowBinding!: string;
}

export class IdentityProvidersResponse {
  @ApiProperty({ type: [String], example: ['google'] })
  providers!: string[];
}

export class LinkedProviderResponse {
  @ApiProperty({ example: 'google' })
  provider!: string;

  @ApiProperty({ nullable: true, type: String, example: 'ada@example.com' })
  email!: string | null;

  @ApiProperty()
  linkedAt!: string;

  @ApiProperty({ nullable: true, type: String })
  lastSignInAt!: string | null;
}

export class LinkedProvidersResponse {
  @ApiProperty({ type: [LinkedProviderResponse] })
  items!: LinkedProviderResponse[];
}

/** The pair sign-in hands out, without tokenType: the callback passes the service's result through. */
export class SocialTokensResponse extends OmitType(TokenPairResponse, ['tokenType'] as const) {}

export class SocialCallbackResponse {
  @ApiProperty({
    enum: ['authenticated', 'mfa_required', 'linked', 'verification_pending'],
    description:
      '`authenticated`: `tokens` holds the pair; `mfa_required`: continue with `challenge` at ' +
      '/auth/mfa/verify; `linked`: the identity was linked to the account that started the flow; ' +
      '`verification_pending`: the provider does not vouch for the address, or an account has it ' +
      'unverified: nothing to sign in to yet, `message` says to check the e-mail (the same for a ' +
      'new and a taken address).',
  })
  status!: 'authenticated' | 'mfa_required' | 'linked' | 'verification_pending';

  @ApiPropertyOptional({ example: 'Check your e-mail: …' })
  message?: string;

  @ApiPropertyOptional({ type: SocialTokensResponse, description: 'Only when status is authenticated' })
  tokens?: SocialTokensResponse;

  @ApiPropertyOptional({ type: MfaChallengeDto, description: 'Only when status is mfa_required' })
  challenge?: MfaChallengeDto;

  @ApiPropertyOptional({ example: 'google' })
  provider?: string;
}
