import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, MaxLength } from 'class-validator';

export class ChangeEmailDto {
  @ApiProperty({ example: 'ada.new@example.com', maxLength: 320, description: 'Applied once verified.' })
  @IsEmail()
  @MaxLength(320)
  email!: string;
}
