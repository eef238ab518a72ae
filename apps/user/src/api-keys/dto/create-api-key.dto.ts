import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PERMISSION_FORMAT } from '@orion/contracts';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';

export class CreateApiKeyDto {
  @ApiProperty({ example: 'CI deploy bot', maxLength: 100 })
  @IsString()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @ApiProperty({
    description: 'Permissions the key may use; each must be one its owner holds.',
    example: ['users:read'],
    type: [String],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @Matches(PERMISSION_FORMAT, { each: true, message: 'each scope must look like resource:action' })
  @MaxLength(150, { each: true })
  scopes!: string[];

  @ApiPropertyOptional({
    description: 'When the key stops working (ISO 8601); never when absent.',
    example: '2027-01-01T00:00:00Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  expiresAt?: string;
}
