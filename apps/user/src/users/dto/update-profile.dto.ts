import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUrl, Matches, MaxLength, MinLength } from 'class-validator';

/**
 * What a user may change about their profile. Deliberately nothing else: status, roles,
 * verification, e-mail (PATCH /users/me/email) and credentials are refused as unknown fields.
 * null clears a field.
 */
export class UpdateProfileDto {
  @ApiPropertyOptional({
    type: String,
    example: 'ada',
    nullable: true,
    description: '3 to 50 letters, digits, . _ -',
  })
  @IsOptional()
  @Matches(/^[a-zA-Z0-9._-]{3,50}$/, {
    message: 'username must be 3 to 50 letters, digits, dots, dashes or underscores',
  })
  username?: string | null;

  @ApiPropertyOptional({ type: String, example: 'Ada', nullable: true, maxLength: 100 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  firstName?: string | null;

  @ApiPropertyOptional({ type: String, example: 'Lovelace', nullable: true, maxLength: 100 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  lastName?: string | null;

  @ApiPropertyOptional({ type: String, example: 'Ada L.', nullable: true, maxLength: 150 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(150)
  displayName?: string | null;

  @ApiPropertyOptional({ type: String, example: 'https://cdn.example.com/avatars/ada.png', nullable: true })
  @IsOptional()
  @IsUrl({ protocols: ['https'], require_protocol: true })
  @MaxLength(2048)
  avatarUrl?: string | null;

  @ApiPropertyOptional({ type: String, example: '+442071838750', nullable: true, description: 'E.164' })
  @IsOptional()
  @Matches(/^\+[1-9][0-9]{6,14}$/, { message: 'phoneNumber must be in E.164 form, e.g. +442071838750' })
  phoneNumber?: string | null;
}
