import { ApiProperty } from '@nestjs/swagger';

export class TokenPairResponse {
  @ApiProperty({
    description:
      'JWT (typ at+jwt, EdDSA), verified against /.well-known/jwks.json. Send as `Authorization: Bearer`.',
    example: 'eyJhbGciOiJFZERTQSIsImtpZCI6IjNmMWMwYTRlIiwidHlwIjoiYXQrand0In0.eyJzdWIiOiIuLi4ifQ.c2ln',
  })
  accessToken!: string;

  @ApiProperty({ example: 'Bearer' })
  tokenType!: 'Bearer';

  @ApiProperty({ example: 600, description: 'Seconds until the access token expires.' })
  expiresIn!: number;

  @ApiProperty({
    example: 'q2Xn0mB6l8y1cQjv5S3fPz9kWd4rTa7uHe0iGx2oLbM',
    description: 'Opaque and single-use: each refresh returns a new one. Keep it secret.',
  })
  refreshToken!: string;

  @ApiProperty({
    example: '2026-12-03T12:00:00.000Z',
    description: 'The refresh token dies if unused by then (idle timeout, never past the sign-in lifetime).',
  })
  refreshExpiresAt!: string;

  @ApiProperty({ example: '5e1d7c52-4c7e-4f0a-a3a1-8a2b0f6e4d11', description: 'The session (claim `sid`).' })
  sessionId!: string;
}

export class CurrentSessionResponse {
  @ApiProperty({ example: '0b8f6a52-9f43-4c55-8d1e-1f0a2b3c4d5e' })
  userId!: string;

  @ApiProperty({ type: String, example: '5e1d7c52-4c7e-4f0a-a3a1-8a2b0f6e4d11', nullable: true })
  sessionId!: string | null;

  @ApiProperty({ example: 'c9a4f3e2-7b1d-4e8a-9c6f-2d3e4f5a6b7c', description: 'The access token’s jti.' })
  tokenId!: string;

  @ApiProperty({ example: '2026-11-26T12:10:00.000Z' })
  expiresAt!: string;

  @ApiProperty({
    type: String,
    example: '2026-11-26T12:00:00.000Z',
    nullable: true,
    description:
      'auth_time: the sign-in or step-up; sensitive changes need it within REAUTHENTICATION_MAX_AGE_S.',
  })
  authenticatedAt!: string | null;

  @ApiProperty({ example: ['pwd', 'otp', 'mfa'], description: 'amr (RFC 8176).' })
  amr!: string[];
}
