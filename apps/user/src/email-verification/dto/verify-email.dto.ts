import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

export class VerifyEmailDto {
  @ApiProperty({
    example: 'q3Xo0bWJm9b2V3c1kq8mVbq0n1uCw8yY2mQdQj4n7Zs',
    description: 'The token from the e-mail.',
  })
  @Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'token must be the 43-character token from the e-mail' })
  token!: string;
}
