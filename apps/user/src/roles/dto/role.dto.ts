import { PageOf } from '@orion/core';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PERMISSION_FORMAT } from '@orion/contracts';
import {
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';

export class RoleDto {
  @ApiProperty({ example: '5d0f4e3a-8a41-4c2e-9b1e-0c6b1f9a7e21' })
  id!: string;

  @ApiProperty({ example: 'billing-admin' })
  slug!: string;

  @ApiProperty({ example: 'Billing administrator' })
  name!: string;

  @ApiProperty({ type: String, nullable: true, example: 'Manages invoices and payment methods' })
  description!: string | null;

  @ApiProperty({ enum: ['SYSTEM', 'CUSTOM'], example: 'CUSTOM' })
  type!: string;

  @ApiProperty({ type: String, nullable: true, example: '20000000-0000-4000-8000-000000000002' })
  parentId!: string | null;

  @ApiProperty({ example: 15 })
  priority!: number;

  @ApiProperty({ description: 'Given to every new account; at most one role is', example: false })
  isDefault!: boolean;

  @ApiProperty({
    description: "The role's own permissions, without inherited ones",
    example: ['reports:export'],
  })
  permissions!: string[];

  @ApiProperty({ example: '2026-01-01T12:00:00.000Z' })
  createdAt!: Date;

  @ApiProperty({ example: '2026-01-01T12:00:00.000Z' })
  updatedAt!: Date;
}

export class EffectiveRolePermissionDto {
  @ApiProperty({ example: 'users:read' })
  permission!: string;

  @ApiProperty({ description: 'The role in the chain that carries it', example: 'guest' })
  fromRole!: string;

  @ApiProperty({ example: true })
  inherited!: boolean;
}

export class RoleDetailDto extends RoleDto {
  @ApiProperty({ description: 'Slugs from the parent up to the root', example: ['user', 'guest'] })
  ancestors!: string[];

  @ApiProperty({ type: [EffectiveRolePermissionDto] })
  effectivePermissions!: EffectiveRolePermissionDto[];
}

export class RolePageDto extends PageOf(RoleDto) {}

const SLUG = /^[a-z][a-z0-9-]{1,99}$/;

export class CreateRoleDto {
  @ApiProperty({ description: 'Stable key, lower-case letters, digits and dashes', example: 'billing-admin' })
  @Matches(SLUG, {
    message: 'slug must be 2 to 100 lower-case letters, digits or dashes, starting with a letter',
  })
  slug!: string;

  @ApiProperty({ example: 'Billing administrator' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @ApiPropertyOptional({ example: 'Manages invoices and payment methods' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiPropertyOptional({
    description: 'Role to inherit from',
    example: '20000000-0000-4000-8000-000000000002',
  })
  @IsOptional()
  @IsUUID()
  parentId?: string;

  @ApiPropertyOptional({ example: 15 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1000)
  priority?: number;

  @ApiPropertyOptional({
    description: 'Give it to every new account instead of the current default role',
    example: true,
  })
  @ValidateIf((_, value) => value !== undefined)
  @IsBoolean()
  isDefault?: boolean;
}

export class UpdateRoleDto {
  @ApiPropertyOptional({ example: 'Billing lead' })
  @ValidateIf((_, value) => value !== undefined)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Manages invoices' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'New parent; null makes it a root',
    example: null,
  })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @IsUUID()
  parentId?: string | null;

  @ApiPropertyOptional({ example: 20 })
  @ValidateIf((_, value) => value !== undefined)
  @IsInt()
  @Min(0)
  @Max(1000)
  priority?: number;

  @ApiPropertyOptional({
    description:
      'true: new accounts receive this role instead of the current default; false on the default: ' +
      'new accounts receive no role until another one is made the default',
    example: true,
  })
  @ValidateIf((_, value) => value !== undefined)
  @IsBoolean()
  isDefault?: boolean;
}

export class RolePermissionDto {
  @ApiProperty({ example: 'reports:export' })
  @Matches(PERMISSION_FORMAT, { message: 'permission must look like resource:action' })
  @MaxLength(150)
  permission!: string;
}
