import { PageOf } from '@orion/core';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PERMISSION_FORMAT } from '@orion/contracts';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class PermissionDto {
  @ApiProperty({ example: '30000000-0000-4000-8000-000000000001' })
  id!: string;

  @ApiProperty({ example: 'users:read' })
  name!: string;

  @ApiProperty({ example: 'users' })
  resource!: string;

  @ApiProperty({ example: 'read' })
  action!: string;

  @ApiProperty({ type: String, nullable: true, example: "View other users' profiles" })
  description!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'users' })
  category!: string | null;

  @ApiProperty({ description: 'Seeded with the product; cannot be changed or deleted', example: true })
  system!: boolean;

  @ApiProperty({ example: '2026-01-01T12:00:00.000Z' })
  createdAt!: Date;

  @ApiProperty({ example: '2026-01-01T12:00:00.000Z' })
  updatedAt!: Date;
}

export class PermissionPageDto extends PageOf(PermissionDto) {}

export class CreatePermissionDto {
  @ApiProperty({ description: 'resource:action, lower-case', example: 'reports:export' })
  @Matches(PERMISSION_FORMAT, { message: 'permission must look like resource:action' })
  @MaxLength(150)
  permission!: string;

  @ApiPropertyOptional({ example: 'Export monthly reports' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  description?: string;

  @ApiPropertyOptional({ example: 'reports' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9-]{0,49}$/, { message: 'category must be a lower-case word' })
  category?: string;
}

export class UpdatePermissionDto {
  @ApiPropertyOptional({ type: String, nullable: true, example: 'Export monthly and yearly reports' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  description?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'reports' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9-]{0,49}$/, { message: 'category must be a lower-case word' })
  category?: string | null;
}
