import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiPermissionRequired, ApiProblem, PageQueryDto } from '@orion/core';
import { CurrentPrincipal, Principal, RequirePermission } from '@orion/security';
import { AssignmentsService } from './assignments.service';
import {
  AssignRoleDto,
  GrantPermissionDto,
  PermissionGrantDto,
  PermissionGrantPageDto,
  RoleAssignmentDto,
  RoleAssignmentPageDto,
} from './dto/assignment.dto';

const ESCALATION = 'The caller does not hold every permission involved in that scope';
const INSPECT = 'Own assignments: anyone. Another user: users:read (else 404) and roles:assign (else 403)';

@ApiTags('assignments')
@Controller('users/:userId')
export class AssignmentsController {
  constructor(private readonly assignments: AssignmentsService) {}

  @Get('roles')
  @ApiOperation({ summary: "List a user's role assignments", description: INSPECT })
  @ApiResponse({ status: 200, type: RoleAssignmentPageDto })
  @ApiPermissionRequired('roles:assign')
  @ApiProblem(404, 'USER_NOT_FOUND', 'No such user, or not visible to the caller')
  listRoles(
    @Param('userId', ParseUUIDPipe) userId: string,
    @Query() page: PageQueryDto,
    @CurrentPrincipal() caller: Principal,
  ) {
    return this.assignments.listRoles(caller, userId, page.limit, page.cursor);
  }

  @Post('roles')
  @RequirePermission('roles:assign')
  @ApiOperation({
    summary: 'Assign a role in a scope, optionally for a time window (again: replaces the window)',
  })
  @ApiResponse({ status: 201, type: RoleAssignmentDto })
  @ApiProblem(400, 'INVALID_GRANT_WINDOW', 'expiresAt not after startsAt, or in the past')
  @ApiProblem(400, 'INVALID_SCOPE', 'GLOBAL with a scopeId, or another scope without one')
  @ApiProblem(403, 'GRANT_EXCEEDS_OWN_PERMISSIONS', ESCALATION)
  @ApiProblem(404, 'ROLE_NOT_FOUND', 'No such user or role')
  assignRole(
    @Param('userId', ParseUUIDPipe) userId: string,
    @Body() body: AssignRoleDto,
    @CurrentPrincipal() actor: Principal,
  ) {
    return this.assignments.assignRole(actor, userId, body);
  }

  @Delete('roles/:assignmentId')
  @HttpCode(204)
  @RequirePermission('roles:assign')
  @ApiOperation({ summary: 'Revoke a role assignment' })
  @ApiResponse({ status: 204, description: 'Revoked' })
  @ApiProblem(403, 'GRANT_EXCEEDS_OWN_PERMISSIONS', ESCALATION)
  @ApiProblem(404, 'ASSIGNMENT_NOT_FOUND', 'The user has no such assignment')
  async revokeRole(
    @Param('userId', ParseUUIDPipe) userId: string,
    @Param('assignmentId', ParseUUIDPipe) assignmentId: string,
    @CurrentPrincipal() actor: Principal,
  ): Promise<void> {
    await this.assignments.revokeRole(actor, userId, assignmentId);
  }

  @Get('permissions')
  @ApiOperation({ summary: "List a user's direct permission grants", description: INSPECT })
  @ApiResponse({ status: 200, type: PermissionGrantPageDto })
  @ApiPermissionRequired('roles:assign')
  @ApiProblem(404, 'USER_NOT_FOUND', 'No such user, or not visible to the caller')
  listGrants(
    @Param('userId', ParseUUIDPipe) userId: string,
    @Query() page: PageQueryDto,
    @CurrentPrincipal() caller: Principal,
  ) {
    return this.assignments.listGrants(caller, userId, page.limit, page.cursor);
  }

  @Post('permissions')
  @RequirePermission('roles:assign')
  @ApiOperation({ summary: 'Grant a permission directly in a scope, optionally for a time window' })
  @ApiResponse({ status: 201, type: PermissionGrantDto })
  @ApiProblem(400, 'INVALID_GRANT_WINDOW', 'expiresAt not after startsAt, or in the past')
  @ApiProblem(403, 'GRANT_EXCEEDS_OWN_PERMISSIONS', ESCALATION)
  @ApiProblem(404, 'PERMISSION_NOT_FOUND', 'No such user or permission')
  grantPermission(
    @Param('userId', ParseUUIDPipe) userId: string,
    @Body() body: GrantPermissionDto,
    @CurrentPrincipal() actor: Principal,
  ) {
    return this.assignments.grantPermission(actor, userId, body);
  }

  @Delete('permissions/:grantId')
  @HttpCode(204)
  @RequirePermission('roles:assign')
  @ApiOperation({ summary: 'Revoke a direct permission grant' })
  @ApiResponse({ status: 204, description: 'Revoked' })
  @ApiProblem(403, 'GRANT_EXCEEDS_OWN_PERMISSIONS', ESCALATION)
  @ApiProblem(404, 'ASSIGNMENT_NOT_FOUND', 'The user has no such grant')
  async revokePermission(
    @Param('userId', ParseUUIDPipe) userId: string,
    @Param('grantId', ParseUUIDPipe) grantId: string,
    @CurrentPrincipal() actor: Principal,
  ): Promise<void> {
    await this.assignments.revokePermission(actor, userId, grantId);
  }
}
