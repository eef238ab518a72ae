import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiTags, IntersectionType, PickType } from '@nestjs/swagger';
import { ApiInvalid, PageQueryDto } from '@orion/core';
import { RequirePermission } from '@orion/security';
import { IsUUID } from 'class-validator';
import { AccessService } from './access.service';
import { OrgHolderPageDto, ScopedPermissionQueryDto } from './dto/access.dto';

export class OrgHoldersQueryDto extends IntersectionType(
  PickType(ScopedPermissionQueryDto, ['permission'] as const),
  PageQueryDto,
) {}

class OrgParamsDto {
  @IsUUID()
  orgId!: string;
}

/**
 * What an organisation's own administrators may see about it. Guarded in the organisation's
 * scope, so a role granted for one organisation opens this view for that organisation only.
 */
@ApiTags('access')
@Controller('orgs/:orgId')
export class OrgAccessController {
  constructor(private readonly access: AccessService) {}

  @Get('holders')
  @RequirePermission('users:read', { scope: 'ORG', scopeIdParam: 'orgId' })
  @ApiOperation({
    summary: 'Who may do this in the organisation right now',
    description:
      'Users holding the permission in this organisation, through an ORG-scoped grant or a GLOBAL one. ' +
      'Holders through a GLOBAL grant only (staff) are marked global and listed without their address. ' +
      'The caller needs users:read in the same organisation (or globally).',
  })
  @ApiParam({ name: 'orgId', format: 'uuid', example: '7c9e6679-7425-40de-944b-e07fc1f90ae7' })
  @ApiResponse({ status: 200, type: OrgHolderPageDto })
  @ApiInvalid('Malformed organisation id, permission or page parameters')
  holders(@Param() params: OrgParamsDto, @Query() query: OrgHoldersQueryDto) {
    return this.access.orgHolders(params.orgId, query);
  }
}
