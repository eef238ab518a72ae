import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiProblem, PageQueryDto } from '@orion/core';
import { CurrentPrincipal, Principal, RequirePermission } from '@orion/security';
import { CreateRoleDto, RoleDetailDto, RolePageDto, RolePermissionDto, UpdateRoleDto } from './dto/role.dto';
import { RolesService } from './roles.service';

const IMMUTABLE = 'System roles cannot be changed or deleted';

@ApiTags('roles')
@Controller('roles')
export class RolesController {
  constructor(private readonly roles: RolesService) {}

  @Get()
  @RequirePermission('roles:read')
  @ApiOperation({ summary: 'List live roles by slug, each with its own permissions' })
  @ApiResponse({ status: 200, type: RolePageDto })
  list(@Query() page: PageQueryDto) {
    return this.roles.list(page.limit, page.cursor);
  }

  @Get(':id')
  @RequirePermission('roles:read')
  @ApiOperation({ summary: 'Read a role with its ancestors and effective (own + inherited) permissions' })
  @ApiResponse({ status: 200, type: RoleDetailDto })
  @ApiProblem(404, 'ROLE_NOT_FOUND', 'No such role')
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.roles.get(id);
  }

  @Post()
  @RequirePermission('roles:create')
  @ApiOperation({
    summary: 'Create a custom role, optionally inheriting from a parent',
    description: 'isDefault: true makes it the role every new account receives, replacing the current one.',
  })
  @ApiResponse({ status: 201, type: RoleDetailDto })
  @ApiProblem(403, 'GRANT_EXCEEDS_OWN_PERMISSIONS', 'The parent carries permissions the caller lacks')
  @ApiProblem(404, 'ROLE_NOT_FOUND', 'The parent does not exist')
  @ApiProblem(409, 'ROLE_SLUG_TAKEN', 'The slug is taken')
  create(@Body() body: CreateRoleDto, @CurrentPrincipal() actor: Principal) {
    return this.roles.create(body, actor);
  }

  @Patch(':id')
  @RequirePermission('roles:update')
  @ApiOperation({
    summary: 'Rename a custom role, change its priority, its parent or whether it is the default',
    description:
      'isDefault: true makes it the role every new account receives and clears the flag on the ' +
      'previous default, in one transaction; of a system role only isDefault may change.',
  })
  @ApiResponse({ status: 200, type: RoleDetailDto })
  @ApiProblem(
    403,
    'GRANT_EXCEEDS_OWN_PERMISSIONS',
    'The new parent, or the role made default, carries permissions the caller lacks',
  )
  @ApiProblem(404, 'ROLE_NOT_FOUND', 'No such role or parent')
  @ApiProblem(409, 'ROLE_HIERARCHY_CYCLE', 'The new parent inherits from this role')
  @ApiProblem(409, 'SYSTEM_ROLE_IMMUTABLE', 'A system role may only be made the default or not')
  update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateRoleDto,
    @CurrentPrincipal() actor: Principal,
  ) {
    return this.roles.update(id, body, actor);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission('roles:delete')
  @ApiOperation({ summary: 'Delete a custom role (soft): its assignments stop granting at once' })
  @ApiResponse({ status: 204, description: 'Deleted' })
  @ApiProblem(404, 'ROLE_NOT_FOUND', 'No such role')
  @ApiProblem(409, 'ROLE_HAS_CHILDREN', 'Other roles inherit from it')
  @ApiProblem(409, 'SYSTEM_ROLE_IMMUTABLE', IMMUTABLE)
  async delete(@Param('id', ParseUUIDPipe) id: string, @CurrentPrincipal() actor: Principal): Promise<void> {
    await this.roles.delete(id, actor);
  }

  @Post(':id/permissions')
  @RequirePermission('roles:update')
  @ApiOperation({ summary: 'Add a permission to a custom role (idempotent)' })
  @ApiResponse({ status: 201, type: RoleDetailDto })
  @ApiProblem(403, 'GRANT_EXCEEDS_OWN_PERMISSIONS', 'The caller does not hold the permission')
  @ApiProblem(404, 'PERMISSION_NOT_FOUND', 'No such role or permission')
  @ApiProblem(409, 'SYSTEM_ROLE_IMMUTABLE', IMMUTABLE)
  addPermission(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: RolePermissionDto,
    @CurrentPrincipal() actor: Principal,
  ) {
    return this.roles.addPermission(id, body.permission, actor);
  }

  @Delete(':id/permissions/:permission')
  @RequirePermission('roles:update')
  @ApiOperation({ summary: 'Remove a permission from a custom role (idempotent)' })
  @ApiResponse({ status: 200, type: RoleDetailDto })
  @ApiProblem(404, 'PERMISSION_NOT_FOUND', 'No such role or permission')
  @ApiProblem(409, 'SYSTEM_ROLE_IMMUTABLE', IMMUTABLE)
  removePermission(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('permission') permission: string,
    @CurrentPrincipal() actor: Principal,
  ) {
    return this.roles.removePermission(id, permission, actor);
  }
}
