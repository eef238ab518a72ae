import { PageOf } from '@orion/core';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PERMISSION_FORMAT, PERMISSION_SCOPES, PermissionScope } from '@orion/contracts';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

const SCOPES = Object.values(PERMISSION_SCOPES);
const STATUSES = ['VALID', 'EXPIRED', 'NOT_YET_VALID'];

class GrantPlacementDto {
  @ApiPropertyOptional({ enum: SCOPES, default: 'GLOBAL', example: 'ORG' })
  @IsOptional()
  @IsIn(SCOPES)
  scope?: PermissionScope;

  @ApiPropertyOptional({
    description: 'Organisation, team or user id; absent for GLOBAL',
    example: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  })
  @IsOptional()
  @IsUUID()
  scopeId?: string;

  @ApiPropertyOptional({ description: 'Default: now', example: '2026-01-01T00:00:00.000Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  startsAt?: string;

  @ApiPropertyOptional({ description: 'Absent: never expires', example: '2026-02-01T00:00:00.000Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  expiresAt?: string;
}

export class AssignRoleDto extends GrantPlacementDto {
  @ApiProperty({ example: '20000000-0000-4000-8000-000000000004' })
  @IsUUID()
  roleId!: string;
}

export class GrantPermissionDto extends GrantPlacementDto {
  @ApiProperty({ example: 'audit:read' })
  @Matches(PERMISSION_FORMAT, { message: 'permission must look like resource:action' })
  @MaxLength(150)
  permission!: string;

  @ApiPropertyOptional({ example: 'Quarterly audit, ticket SEC-42' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

class PlacementViewDto {
  @ApiProperty({ enum: SCOPES, example: 'GLOBAL' })
  scope!: string;

  @ApiProperty({ type: String, nullable: true, example: null })
  scopeId!: string | null;

  @ApiProperty({ example: '2026-01-01T00:00:00.000Z' })
  startsAt!: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2026-02-01T00:00:00.000Z' })
  expiresAt!: Date | null;

  @ApiProperty({ enum: STATUSES, description: 'At the time of the answer', example: 'VALID' })
  status!: string;

  @ApiProperty({ type: String, nullable: true, example: '10000000-0000-4000-8000-000000000001' })
  grantedById!: string | null;

  @ApiProperty({ example: '2026-01-01T00:00:00.000Z' })
  createdAt!: Date;
}

class RoleRefDto {
  @ApiProperty({ example: '20000000-0000-4000-8000-000000000004' })
  id!: string;

  @ApiProperty({ example: 'manager' })
  slug!: string;

  @ApiProperty({ example: 'Manager' })
  name!: string;
}

export class RoleAssignmentDto extends PlacementViewDto {
  @ApiProperty({ example: '2b1e4c6a-95c1-4b0e-8a8f-8d7b6b0f0a11' })
  id!: string;

  @ApiProperty({ example: '10000000-0000-4000-8000-000000000002' })
  userId!: string;

  @ApiProperty({ type: RoleRefDto })
  role!: RoleRefDto;
}

export class PermissionGrantDto extends PlacementViewDto {
  @ApiProperty({ example: '4f1e4c6a-95c1-4b0e-8a8f-8d7b6b0f0a22' })
  id!: string;

  @ApiProperty({ example: '10000000-0000-4000-8000-000000000002' })
  userId!: string;

  @ApiProperty({ example: 'audit:read' })
  permission!: string;

  @ApiProperty({ type: String, nullable: true, example: 'Quarterly audit, ticket SEC-42' })
  reason!: string | null;
}

export class RoleAssignmentPageDto extends PageOf(RoleAssignmentDto) {}

export class PermissionGrantPageDto extends PageOf(PermissionGrantDto) {}
