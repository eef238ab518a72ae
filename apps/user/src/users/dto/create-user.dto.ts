import { ApiProperty } from '@nestjs/swagger';
import { NewPasswordField } from '@orion/core';
import { IsEmail, IsOptional, MaxLength } from 'class-validator';
import { UpdateProfileDto } from './update-profile.dto';

/** An administrator creates an account; the user receives a verification e-mail. */
export class CreateUserDto extends UpdateProfileDto {
  @ApiProperty({ example: 'grace@example.com', maxLength: 320 })
  @IsEmail()
  @MaxLength(320)
  email!: string;

  @NewPasswordField({
    required: false,
    description: 'Initial password; without one the user sets it through a password reset.',
  })
  @IsOptional()
  password?: string;
}
