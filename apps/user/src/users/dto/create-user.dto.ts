import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { UpdateProfileDto } from './update-profile.dto';

/** An administrator creates an account; the user receives a verification e-mail. */
export class CreateUserDto extends UpdateProfileDto {
  @ApiProperty({ example: 'grace@example.com', maxLength: 320 })
  @IsEmail()
  @MaxLength(320)
  email!: string;

  @ApiPropertyOptional({
    example: 'correct horse battery staple',
    minLength: 8,
    maxLength: 128,
    description: 'Initial password; without one the user sets it through a password reset.',
  })
  @IsOptional()
  @IsString()
  @MinLength(8)
  @MaxLength(128)
  password?: string;
}
