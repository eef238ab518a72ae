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
import { ApiInvalid, ApiProblem, PageQueryDto } from '@orion/core';
import { CurrentPrincipal, Principal, RequirePermission } from '@orion/security';
import {
  CreatePermissionDto,
  PermissionDto,
  PermissionPageDto,
  UpdatePermissionDto,
} from './dto/permission.dto';
import { PermissionsService } from './permissions.service';

@ApiTags('permissions')
@Controller('permissions')
export class PermissionsController {
  constructor(private readonly permissions: PermissionsService) {}

  @Get()
  @RequirePermission('roles:read')
  @ApiOperation({ summary: 'List permissions with their category, by resource and action' })
  @ApiResponse({ status: 200, type: PermissionPageDto })
  @ApiProblem(400, 'INVALID_CURSOR', 'A cursor this list did not hand out')
  list(@Query() page: PageQueryDto) {
    return this.permissions.list(page.limit, page.cursor);
  }

  @Get(':id')
  @RequirePermission('roles:read')
  @ApiOperation({ summary: 'Read a permission' })
  @ApiResponse({ status: 200, type: PermissionDto })
  @ApiProblem(404, 'PERMISSION_NOT_FOUND', 'No such permission')
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.permissions.get(id);
  }

  @Post()
  @RequirePermission('roles:create')
  @ApiOperation({ summary: 'Create a custom permission (resource:action)' })
  @ApiResponse({ status: 201, type: PermissionDto })
  @ApiInvalid('Not resource:action, or unknown fields')
  @ApiProblem(409, 'PERMISSION_EXISTS', 'The permission exists already')
  create(@Body() body: CreatePermissionDto, @CurrentPrincipal() actor: Principal) {
    const [resource, action] = body.permission.split(':') as [string, string];
    return this.permissions.create(
      { resource, action, description: body.description, category: body.category },
      actor,
    );
  }

  @Patch(':id')
  @RequirePermission('roles:update')
  @ApiOperation({ summary: "Change a custom permission's description or category" })
  @ApiResponse({ status: 200, type: PermissionDto })
  @ApiProblem(404, 'PERMISSION_NOT_FOUND', 'No such permission')
  @ApiProblem(409, 'SYSTEM_PERMISSION_IMMUTABLE', 'System permissions cannot be changed')
  update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdatePermissionDto,
    @CurrentPrincipal() actor: Principal,
  ) {
    return this.permissions.update(id, body, actor);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission('roles:update')
  @ApiOperation({ summary: 'Delete a custom permission that no role or grant uses' })
  @ApiResponse({ status: 204, description: 'Deleted' })
  @ApiProblem(404, 'PERMISSION_NOT_FOUND', 'No such permission')
  @ApiProblem(409, 'PERMISSION_IN_USE', 'Still given by a role or a direct grant')
  @ApiProblem(409, 'SYSTEM_PERMISSION_IMMUTABLE', 'System permissions cannot be deleted')
  async delete(@Param('id', ParseUUIDPipe) id: string, @CurrentPrincipal() actor: Principal): Promise<void> {
    await this.permissions.delete(id, actor);
  }
}
