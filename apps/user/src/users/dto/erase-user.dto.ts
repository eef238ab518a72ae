import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

/** Erasure cannot be undone, so the request must name the account twice. */
export class EraseUserDto {
  @ApiProperty({
    example: '5f8d0d55-8b1e-4d7a-9c55-0f3f1c7a2b10',
    description: 'Must repeat the id in the path.',
  })
  @IsUUID()
  confirmUserId!: string;

  @ApiPropertyOptional({ example: 'Data-protection request #4711', maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}
