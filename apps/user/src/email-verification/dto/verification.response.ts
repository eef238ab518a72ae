import { ApiProperty } from '@nestjs/swagger';
import type { VerificationSent } from '../email-verification.types';

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

export class RemovedBeforeVerificationResponse {
  @ApiProperty({ example: 1, description: 'API keys revoked and removed.' })
  apiKeys!: number;

  @ApiProperty({ example: 1, description: 'Sessions ended (their tokens stop working).' })
  sessions!: number;

  @ApiProperty({
    example: ['identity_provider_links', 'second_factors', 'trusted_devices'],
    description: 'Removed by the auth service in the moments after this answer.',
  })
  alsoRemoving!: string[];
}

export class FirstEmailVerifiedResponse extends EmailVerifiedResponse {
  @ApiProperty({
    type: RemovedBeforeVerificationResponse,
    nullable: true,
    description:
      'Only at the first verification of an account: what it had gained before its address was ' +
      'proven, removed because whoever registered the address may not have owned it. Null otherwise.',
  })
  removedBeforeVerification!: RemovedBeforeVerificationResponse | null;
}

export function toVerificationSentResponse(result: VerificationSent): VerificationSentResponse {
  return { sentTo: result.email, expiresAt: result.expiresAt.toISOString() };
}
