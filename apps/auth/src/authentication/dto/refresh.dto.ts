import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';

const REFRESH_TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;

export class RefreshDto {
  @ApiProperty({ example: 'q2Xn0mB6l8y1cQjv5S3fPz9kWd4rTa7uHe0iGx2oLbM' })
  @Matches(REFRESH_TOKEN_FORMAT, { message: 'refreshToken is not a refresh token' })
  refreshToken!: string;
}

export class SignOutDto {
  @ApiPropertyOptional({
    example: 'q2Xn0mB6l8y1cQjv5S3fPz9kWd4rTa7uHe0iGx2oLbM',
    description: 'The refresh token of the sign-in to end; without it, the Bearer access token says which.',
  })
  @IsOptional()
  @IsString()
  @Matches(REFRESH_TOKEN_FORMAT, { message: 'refreshToken is not a refresh token' })
  refreshToken?: string;
}
