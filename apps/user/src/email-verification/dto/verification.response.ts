import { ApiProperty } from '@nestjs/swagger';

export class VerificationSentResponse {
  @ApiProperty({ example: 'ada.new@example.com', description: 'Where the link was sent.' })
  sentTo!: string;

  @ApiProperty({ example: '2026-01-06T09:00:00.000Z' })
  expiresAt!: string;
}

export class EmailVerifiedResponse {
  @ApiProperty({ example: 'ada.new@example.com', description: 'The account’s address from now on.' })
  email!: string;

  @ApiProperty({ example: '2026-01-05T09:30:00.000Z' })
  emailVerifiedAt!: string;
}
