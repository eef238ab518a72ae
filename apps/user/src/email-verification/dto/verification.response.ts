import { ApiProperty } from '@nestjs/swagger';

export class VerificationSentResponse {
  @ApiProperty({
    example: 'ada.new@example.com',
    description: 'The address asked for; a link goes there unless another account has it.',
  })
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

export class EmailRestoredResponse {
  @ApiProperty({ example: 'ada@example.com', description: 'The address the account has again.' })
  email!: string;
}
