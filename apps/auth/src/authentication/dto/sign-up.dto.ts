import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { NewPasswordField } from '@orion/core';
import { IsEmail, IsOptional, IsString, MaxLength } from 'class-validator';

export class SignUpDto {
  @ApiProperty({ example: 'ada@example.com', maxLength: 320 })
  @IsEmail()
  @MaxLength(320)
  email!: string;

  @NewPasswordField()
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
