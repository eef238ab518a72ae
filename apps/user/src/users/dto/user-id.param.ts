import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

export class UserIdParam {
  @ApiProperty({ example: '5f8d0d55-8b1e-4d7a-9c55-0f3f1c7a2b10' })
  @IsUUID()
  userId!: string;
}
