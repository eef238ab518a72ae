import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, MaxLength } from 'class-validator';

export class SignUpDto {
  @ApiProperty({ example: 'ada@example.com', maxLength: 320 })
  @IsEmail()
  @MaxLength(320)
  email!: string;

  @ApiProperty({
    example: 'correct horse battery staple',
    minLength: 8,
    maxLength: 128,
    description:
      'At least 8 characters; 15 or more is recommended. Up to 128 characters, any characters ' +
      'including spaces and emoji (compared after Unicode NFKC normalisation); no rules about ' +
      'character classes. Refused when it is among the most common or breached passwords or ' +
      'contains the e-mail address.',
  })
  @IsString()
  // The policy names the rule for anything too long; this only bounds the work.
  @MaxLength(4096)
  password!: string;

  @ApiPropertyOptional({ example: 'Ada Lovelace', maxLength: 150 })
  @IsOptional()
  @IsString()
  @MaxLength(150)
  displayName?: string;
}

export class SignUpAcceptedDto {
  @ApiProperty({ example: 'verification_pending' })
  status!: 'verification_pending';

  @ApiProperty({
    example: 'Check your e-mail: if this address can be used, a message with the next step is on its way.',
  })
  message!: string;
}
