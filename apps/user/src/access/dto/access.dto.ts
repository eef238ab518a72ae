import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { PERMISSION_FORMAT, PERMISSION_SCOPES, PermissionScope } from '@orion/contracts';
import { PageOf, PageQueryDto } from '@orion/core';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

const SCOPES = Object.values(PERMISSION_SCOPES);

export class ScopedPermissionQueryDto {
  @ApiProperty({ example: 'users:update' })
  @Matches(PERMISSION_FORMAT, { message: 'permission must look like resource:action' })
  @MaxLength(150)
  permission!: string;

  @ApiPropertyOptional({ enum: SCOPES, default: 'GLOBAL', example: 'TEAM' })
  @IsOptional()
  @IsIn(SCOPES)
  scope: PermissionScope = 'GLOBAL';

  @ApiPropertyOptional({ example: '9b2f1c1e-1d5a-4a7e-9f57-0b2f4f6c1a01' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  scopeId?: string;

  @ApiPropertyOptional({
    description: "For TEAM: the team's organisation, so ORG grants on it count too",
    example: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  parentScopeId?: string;
}

export class ExplainQueryDto extends ScopedPermissionQueryDto {
  @ApiPropertyOptional({
    example: '10000000-0000-4000-8000-000000000002',
    description: 'Whose access to explain; the caller when left out',
  })
  @IsOptional()
  @IsUUID()
  userId?: string;
}

/** Who may do it: the same question without a user, paginated like every list. */
export class HoldersQueryDto extends IntersectionType(ScopedPermissionQueryDto, PageQueryDto) {}

/** The role an assignment grants. */
export class GrantedRoleDto {
  @ApiProperty({ format: 'uuid', example: '20000000-0000-4000-8000-000000000002' })
  id!: string;

  @ApiProperty({ example: 'user' })
  slug!: string;
}

export class PermissionSourceDto {
  @ApiProperty({ enum: ['ROLE', 'DIRECT'], example: 'ROLE' })
  kind!: string;

  @ApiProperty({ description: 'The assignment or grant', example: '21000000-0000-4000-8000-000000000002' })
  grantId!: string;

  @ApiProperty({ example: 'users:read' })
  permission!: string;

  @ApiPropertyOptional({ type: GrantedRoleDto, description: 'For kind ROLE: the assigned role' })
  role?: GrantedRoleDto;

  @ApiProperty({
    description: 'From the assigned role up to the one carrying the permission',
    example: ['user', 'guest'],
  })
  roleChain!: string[];

  @ApiProperty({ enum: SCOPES, example: 'GLOBAL' })
  scope!: string;

  @ApiProperty({ type: String, nullable: true, example: null })
  scopeId!: string | null;

  @ApiProperty({ example: '2026-01-01T00:00:00.000Z' })
  startsAt!: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null })
  expiresAt!: Date | null;
}

export class NearMissDto {
  @ApiProperty({ type: PermissionSourceDto })
  source!: PermissionSourceDto;

  @ApiProperty({ enum: ['VALID', 'EXPIRED', 'NOT_YET_VALID'], example: 'EXPIRED' })
  status!: string;

  @ApiProperty({ description: 'False: held, but in another scope', example: true })
  coversScope!: boolean;
}

export class ExplanationDto {
  @ApiProperty({ example: false })
  allowed!: boolean;

  @ApiProperty({ example: 'users:update: the grant has expired' })
  reason!: string;

  @ApiProperty({ example: '2026-01-01T12:00:00.000Z' })
  checkedAt!: Date;

  @ApiPropertyOptional({
    description: 'When the answer may change by itself',
    example: '2026-02-01T00:00:00.000Z',
  })
  validUntil?: Date;

  @ApiProperty({ type: [PermissionSourceDto], description: 'Why it is allowed' })
  granting!: PermissionSourceDto[];

  @ApiProperty({ type: [NearMissDto], description: 'Expired, not yet valid, or in another scope' })
  nearMisses!: NearMissDto[];
}

export class EffectivePermissionDto {
  @ApiProperty({ example: 'users:read' })
  permission!: string;

  @ApiProperty({ type: [PermissionSourceDto] })
  sources!: PermissionSourceDto[];
}

export class EffectivePermissionsDto {
  @ApiProperty({ example: '10000000-0000-4000-8000-000000000002' })
  userId!: string;

  @ApiProperty({ type: [EffectivePermissionDto] })
  permissions!: EffectivePermissionDto[];
}

export class HolderDto {
  @ApiProperty({ example: '10000000-0000-4000-8000-000000000001' })
  id!: string;

  @ApiProperty({ example: 'admin@orion.local' })
  email!: string;

  @ApiProperty({ type: String, nullable: true, example: 'Orion Administrator' })
  displayName!: string | null;
}

export class HolderPageDto extends PageOf(HolderDto) {}

export class OrgHolderDto {
  @ApiProperty({ example: '10000000-0000-4000-8000-000000000001' })
  id!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Null for a holder through a GLOBAL grant only: staff addresses are not shown here',
    example: 'owner@acme.example',
  })
  email!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'Acme Owner' })
  displayName!: string | null;

  @ApiProperty({ description: 'Holds it here only through a GLOBAL grant (product staff)', example: false })
  global!: boolean;
}

export class OrgHolderPageDto extends PageOf(OrgHolderDto) {}
