import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiPermissionRequired, ApiProblem } from '@orion/core';
import { CurrentPrincipal, Principal, RequirePermission } from '@orion/security';
import { AccessService } from './access.service';
import {
  EffectivePermissionsDto,
  ExplainQueryDto,
  ExplanationDto,
  HolderPageDto,
  HoldersQueryDto,
} from './dto/access.dto';

const INSPECT = 'Oneself: anyone. Another user: users:read (else 404) and roles:assign (else 403)';

@ApiTags('access')
@Controller()
export class AccessController {
  constructor(private readonly access: AccessService) {}

  @Get('access/explain')
  @ApiOperation({
    summary: 'Why a permission check passes or fails',
    description: `For userId, or the caller when it is left out. Granting roles (with the parent chain) and direct grants, their scopes and windows; for a refusal, near misses (expired, not yet valid, other scope). ${INSPECT}`,
  })
  @ApiResponse({ status: 200, type: ExplanationDto })
  @ApiPermissionRequired('roles:assign')
  @ApiProblem(404, 'USER_NOT_FOUND', 'No such user, or not visible to the caller')
  explain(@Query() query: ExplainQueryDto, @CurrentPrincipal() caller: Principal) {
    return this.access.explain(caller, query);
  }

  @Get('users/:userId/effective-permissions')
  @ApiOperation({ summary: 'Everything a user may do now, with sources and scopes', description: INSPECT })
  @ApiResponse({ status: 200, type: EffectivePermissionsDto })
  @ApiProblem(404, 'USER_NOT_FOUND', 'No such user, or not visible to the caller')
  effective(@Param('userId', ParseUUIDPipe) userId: string, @CurrentPrincipal() caller: Principal) {
    return this.access.effective(caller, userId);
  }

  @Get('access/holders')
  @RequirePermission('roles:assign')
  @ApiOperation({ summary: 'Who may do this in this scope right now (users, by id)' })
  @ApiResponse({ status: 200, type: HolderPageDto })
  @ApiProblem(400, 'INVALID_SCOPE', 'A non-GLOBAL scope without scopeId')
  holders(@Query() query: HoldersQueryDto) {
    return this.access.holders(query);
  }
}
